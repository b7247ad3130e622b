// The browser tests for an engine behind helpers/browsers.js (Firefox, WebKit): the behaviour and worker suites per flavour, and the script-tag build.
//
// The same tests as browser.test.js runs in Chromium, with the same pages (tests/browser/): runner.html
// once per flavour, each in a fresh browsing context, its results drained from the page by polling
// (window.__behaviourReports) and each failure printed with its title and error; script-tag.html for the
// classic-script build. Tests listed for the engine in ENGINE_DEVIATIONS (tests/behaviour/) must fail and
// are reported as pending, with what was observed.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';

import { startServer } from '../../server/sse-test-server.js';
import { ROOT, STATIC_DIRS } from './chromium.js';
import { LAUNCH_TIMEOUT_MS } from './browsers.js';

export const FLAVOURS = {
  fetch: 'our EventSource over fetch',
  xhr: 'our EventSource over XMLHttpRequest',
  native: "the browser's native EventSource",
};
const FLAVOUR_TIMEOUT_MS = 90000; // one flavour's whole in-page run
const PAGE_TIMEOUT_MS = 10000;
const POLL_MS = 250;
const SCRIPT_TAG_BUILD = `${ROOT}dist/eventsource-wasm.js`;

/**
 * Defines the browser tests for one engine.
 * @param {{name: string, title: string, launch: () => Promise<import('./browsers.js').Engine>}} engine
 *   name as in ENGINE_DEVIATIONS keys; title for the test names ("headless Firefox ESR")
 */
export function defineBrowserSuite({ name, title, launch }) {
  describe(`EventSource in ${title}`, function () {
    let server;
    let browser;
    let startedAt;

    before(async function () {
      this.timeout(LAUNCH_TIMEOUT_MS * 2 + 5000);
      startedAt = Date.now();
      server = await startServer({ crossOrigin: true, staticDirs: STATIC_DIRS });
      browser = await launch();
      console.log(`      ${browser.version}, started in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
    });

    after(async function () {
      this.timeout(30000);
      await browser?.close();
      await server?.close();
      if (startedAt !== undefined)
        console.log(`      ${name} run: ${((Date.now() - startedAt) / 1000).toFixed(1)} s in all`);
    });

    for (const [flavour, description] of Object.entries(FLAVOURS)) {
      it(`passes the behaviour and worker suites with ${description} (flavour ${flavour})`, async function () {
        this.timeout(FLAVOUR_TIMEOUT_MS + PAGE_TIMEOUT_MS * 3);
        const run = await runFlavour(browser, server, flavour);
        printRun(flavour, run);
        assert.ok(
          run.ended,
          `the in-page run did not end within ${FLAVOUR_TIMEOUT_MS} ms; last test started: ${run.running}`,
        );
        assert.deepEqual(run.pageErrors, [], 'errors thrown in the page outside any test');
        assert.ok(run.passed.length > 0, 'no test passed');
        assert.equal(
          run.failed.length,
          0,
          `${run.failed.length} in-page test(s) failed:\n${run.failed.map(describeFailure).join('\n')}`,
        );
      });
    }

    describe('the script-tag build (dist/eventsource-wasm.js)', function () {
      before(function () {
        assert.ok(existsSync(SCRIPT_TAG_BUILD), 'dist/eventsource-wasm.js is missing: run bash build.sh');
      });

      it('installs itself on a page without EventSource, where page code written for the native API works unchanged', async function () {
        this.timeout(PAGE_TIMEOUT_MS * 4);
        const stream = server.url(`/s/script-tag-missing-${name}/counter?n=3&retry=20`);
        const page = await scriptTagPage(browser, server, { stream });
        assert.equal(page.hadEventSource, false, 'the page did not manage to remove EventSource');
        assert.equal(page.installed, true, 'window.EventSource is not EventSourceWasm.EventSource');
        assert.equal(page.result.outcome, 'done', JSON.stringify(page.result));
        assert.deepEqual(page.result.received, [
          ['1', '1', server.origin],
          ['2', '2', server.origin],
          ['3', '3', server.origin],
        ]);
        assert.deepEqual(page.result.states, [1]);
        assert.equal(page.result.url, stream);
        assert.equal(page.result.closed, 2);
      });

      it('leaves a native EventSource in place and still exposes EventSourceWasm', async function () {
        this.timeout(PAGE_TIMEOUT_MS * 4);
        const stream = server.url(`/s/script-tag-native-${name}/counter?n=3&retry=20`);
        const page = await scriptTagPage(browser, server, { stream, 'keep-native': '1' });
        assert.equal(page.hadEventSource, true);
        assert.equal(page.native, true, 'window.EventSource was replaced');
        assert.equal(page.exposed, true, 'EventSourceWasm.EventSource is missing');
        assert.equal(page.result.outcome, 'done', JSON.stringify(page.result));
      });
    });

    // As in browser.test.js: under a policy that refuses to compile WebAssembly (each engine refuses its own
    // way) the module and the script tag load the JS core, and only then.
    describe("under script-src 'self' without 'wasm-unsafe-eval'", function () {
      const cspPage = async (file, via) => {
        const tab = await browser.open(server.url(`/tests/browser/${file}?via=${via}`));
        try {
          // Polled: a driver may hand the page over before its module script has run.
          return await tab.evaluate(
            '(async () => { while (window.result === undefined) await new Promise((r) => setTimeout(r, 20)); return window.result; })()',
          );
        } finally {
          await tab.close();
        }
      };

      for (const via of ['script', 'module']) {
        it(`receives events through the JS core (${via === 'script' ? 'the script tag' : 'the ES module'}), downloaded only under such a policy`, async function () {
          this.timeout(PAGE_TIMEOUT_MS * 6);
          assert.deepEqual(await cspPage('csp-page.html', via), { type: 'message', data: '1', jsCore: true });
          assert.deepEqual(await cspPage('no-csp-page.html', via), { type: 'message', data: '1', jsCore: false });
        });
      }
    });
  });
}

/**
 * Loads runner.html for one flavour and drains its reports until the run ends or the time is up.
 * @returns {Promise<{ended: boolean, running: string, passed: object[], failed: object[], pending: object[],
 *   pageErrors: string[], seconds: number}>}
 */
async function runFlavour(browser, server, flavour) {
  const started = Date.now();
  const run = { ended: false, running: '(none)', passed: [], failed: [], pending: [], pageErrors: [], seconds: 0 };
  const query = new URLSearchParams({ flavour, cross: server.crossOrigin, engine: browser.name });
  const tab = await browser.open(server.url(`/tests/browser/runner.html?${query}`));
  try {
    while (!run.ended && Date.now() - started < FLAVOUR_TIMEOUT_MS) {
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      const { reports, errors } = await tab.evaluate(
        '{ reports: (window.__behaviourReports || []).splice(0), errors: (window.__pageErrors || []).splice(0) }',
      );
      run.pageErrors.push(...errors);
      for (const report of reports) {
        if (report.state === 'running') run.running = report.title;
        else if (report.state === 'end') run.ended = true;
        else run[report.state]?.push(report);
      }
    }
  } finally {
    await tab.close();
    run.seconds = (Date.now() - started) / 1000;
  }
  return run;
}

/** Opens script-tag.html with the given query and reads what its page code saw. */
async function scriptTagPage(browser, server, query) {
  const tab = await browser.open(server.url(`/tests/browser/script-tag.html?${new URLSearchParams(query)}`));
  try {
    const seen = await tab.evaluate(`(async () => ({
      hadEventSource: window.hadEventSource,
      installed: typeof EventSourceWasm === 'object' && window.EventSource === EventSourceWasm.EventSource &&
        window.EventSource !== window.nativeEventSource,
      native: window.EventSource === window.nativeEventSource,
      exposed: typeof EventSourceWasm === 'object' && typeof EventSourceWasm.EventSource === 'function' &&
        typeof EventSourceWasm.installEventSource === 'function',
      result: await window.result,
      errors: window.__pageErrors,
    }))()`);
    assert.deepEqual(seen.errors, [], 'errors thrown in the script-tag page');
    return seen;
  } finally {
    await tab.close();
  }
}

/** Prints one flavour's counts, failures, deviations (with what was observed) and page errors. */
export function printRun(flavour, run) {
  const deviations = run.pending.filter((test) => test.deviation);
  console.log(
    `      ${flavour}: ${run.passed.length} passing, ${run.failed.length} failing, ${run.pending.length} pending` +
      `${deviations.length ? ` (${deviations.length} of them expected deviations)` : ''}, ${run.seconds.toFixed(1)} s`,
  );
  for (const test of run.failed) console.log(`        FAILED ${describeFailure(test)}`);
  for (const test of deviations)
    console.log(
      `        deviation (${test.deviation.key}): ${test.title}\n          observed: ${test.deviation.error}`,
    );
  for (const error of run.pageErrors) console.log(`        PAGE ERROR ${error}`);
}

export function describeFailure(test) {
  return `${test.title}\n          ${test.error}`;
}
