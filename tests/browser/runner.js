// In-page runner: the behaviour suite and the worker tests for one flavour, reported test by test to Node.
//
// runner.html?flavour=fetch|xhr|native&cross=<second origin of the test server>&engine=chromium|firefox|webkit
// (the engine names the deviation lists that apply; chromium when absent). The page must be served by
// tests/server/sse-test-server.js (its own origin is the server's main origin). Every test result is
// pushed onto `window.__behaviourReports`, which a driver drains by polling (Firefox, WebKit), and when
// Node exposed `__behaviourReport` (the Chromium run does) it goes there too; the Mocha HTML reporter
// shows them as well, for a person who opens the page by hand.
import { EventSource } from '/js/index.js';
import { defineEventSourceBehaviour } from '/tests/behaviour/event-source-behaviour.js';
import { defineWorkerTests } from '/tests/browser/worker-tests.js';

const params = new URLSearchParams(location.search);
const flavour = params.get('flavour') ?? 'fetch';
const crossOrigin = params.get('cross') ?? location.origin;
const engine = params.get('engine') ?? 'chromium';
const originalFetch = globalThis.fetch.bind(globalThis);
const transportCalls = countTransportCalls();

/** The constructor under test: ours pinned to one transport, or the browser's own. */
function constructorFor(name) {
  if (name === 'native') return globalThis.EventSource;
  if (name !== 'fetch' && name !== 'xhr') throw new Error(`unknown flavour ${name}`);
  // A Proxy, so EventSource.CONNECTING, .prototype and instanceof are exactly those of our class.
  // The arguments are passed on as given (a missing url, a primitive init), with the transport added to
  // an init dictionary.
  const pinned = (init) =>
    init == null ? { transport: name } : typeof init === 'object' ? { ...init, transport: name } : init;
  return new Proxy(EventSource, {
    construct: (target, args) => Reflect.construct(target, args.length === 0 ? [] : [args[0], pinned(args[1])]),
  });
}

/** Counts fetch() calls and XMLHttpRequest opens made by the code under test. */
function countTransportCalls() {
  const counts = { fetch: 0, xhr: 0 };
  globalThis.fetch = function (...args) {
    counts.fetch += 1;
    return originalFetch(...args);
  };
  const open = XMLHttpRequest.prototype.open;
  XMLHttpRequest.prototype.open = function (...args) {
    counts.xhr += 1;
    return open.apply(this, args);
  };
  return () => ({ ...counts });
}

const harness = {
  EventSource: constructorFor(flavour),
  flavour,
  engine,
  url: (path) => new URL(path, location.origin).href,
  crossOriginUrl: (path) => new URL(path, crossOrigin).href,
  requests: async (session) => {
    const response = await originalFetch(`/__requests?session=${encodeURIComponent(session)}`, { cache: 'no-store' });
    return response.json();
  },
  transportCalls,
};

mocha.setup({ ui: 'bdd', timeout: 10000, slow: 1000 });
defineEventSourceBehaviour(harness);
defineWorkerTests({ ...harness, workerUrl: '/tests/browser/worker.js' });

const reports = (globalThis.__behaviourReports = []);
const report = (record) => {
  reports.push({ flavour, ...record });
  globalThis.__behaviourReport?.({ flavour, ...record });
};

const runner = mocha.run();
runner.on('test', (test) => report({ state: 'running', title: test.fullTitle() }));
runner.on('pass', (test) => report({ state: 'passed', title: test.fullTitle(), duration: test.duration }));
runner.on('pending', (test) => report({ state: 'pending', title: test.fullTitle(), deviation: test.deviation }));
runner.on('fail', (test, error) =>
  report({
    state: 'failed',
    title: test.fullTitle(),
    error: String(error?.message ?? error),
    stack: String(error?.stack ?? ''),
  }),
);
runner.on('end', () => report({ state: 'end', stats: { ...runner.stats } }));
