// The EventSource behaviour suite (../behaviour/) with flavour 'node', for runtimes other than the Node
// that runs the tests (Deno, Bun, other Node versions): Mocha runs this file in the runtime under test, against the test server that
// tests/js/runtimes.test.js started in Node (SSE_TEST_SERVER, SSE_TEST_CROSS_ORIGIN: its two origins).
// The request log comes over HTTP (/__requests), as in the browser runner.
import { EventSource } from '../../js/index.js';
import { nodeHttpAvailable } from '../../js/transports/node-http-transport.js';
import { defineEventSourceBehaviour } from '../behaviour/event-source-behaviour.js';

const env = globalThis.process?.env ?? globalThis.Deno?.env.toObject() ?? {};
const main = env.SSE_TEST_SERVER;
const cross = env.SSE_TEST_CROSS_ORIGIN;
if (!main || !cross) throw new Error('SSE_TEST_SERVER and SSE_TEST_CROSS_ORIGIN must name the test server');

/**
 * Tests that fail in a runtime for the runtime's reasons, keyed by `${runtime name} ${transport}`: each
 * still runs and must fail (it is then reported as pending, with why); one that passes fails the run, so
 * the entry is removed when the runtime changes. The README lists them.
 */
export const RUNTIME_DEVIATIONS = {
  // Tests that call Node's own fetch, which needs WebAssembly for its HTTP parser (undici's llhttp).
  'Node --jitless http': {
    "makes its requests with the fetch option, given the request's URL and init":
      "the fetch option hands the requests to Node's fetch, which without WebAssembly rejects every request (undici compiles its HTTP parser to WebAssembly)",
    "reads a fetch() response's body, with the stream's ids and retry":
      "the test gets its stream from Node's fetch, which without WebAssembly rejects (undici compiles its HTTP parser to WebAssembly)",
  },
  'Deno fetch': {
    'gives the socket error of a refused connection as cause and in the message, and reconnects':
      'Deno\'s fetch rejects with a TypeError whose cause has no code: its message says "tcp connect error: Connection refused", which the error event\'s message carries, but there is no ECONNREFUSED',
    'gives ENOTFOUND as cause for a host that does not resolve':
      'Deno\'s fetch rejects with a TypeError whose cause has no code: its message says "dns error: failed to lookup address information", but there is no ENOTFOUND',
  },
};

/** Defines what `define` defines, with `deviations` (title → why) expected to fail. */
function withDeviations(key, define) {
  const deviations = RUNTIME_DEVIATIONS[key] ?? {};
  const realIt = globalThis.it;
  globalThis.it = (title, fn) =>
    realIt(
      title,
      !(title in deviations)
        ? fn
        : async function () {
            try {
              await fn.call(this);
            } catch (error) {
              this.test.title += ` [known deviation in ${key}: ${deviations[title]}; failed with: ${error.message}]`;
              return this.skip();
            }
            throw new Error(`passes now in ${key}: remove it from RUNTIME_DEVIATIONS`);
          },
    );
  try {
    define();
  } finally {
    globalThis.it = realIt;
  }
}

const runtime = globalThis.Deno
  ? `Deno ${Deno.version.deno}`
  : globalThis.Bun
    ? `Bun ${Bun.version}`
    : `Node ${process.versions.node}`;
// Where WebAssembly is missing (--jitless), the package loads the same core compiled to JavaScript.
const wasm = typeof WebAssembly === 'object';
const core = wasm ? 'the Wasm core' : 'the JS core';
// As in Node (tests/js/event-source.e2e.test.js): once per transport the runtime has. Node's fetch
// (undici) needs WebAssembly for its HTTP parser: without it, only node:http (Deno's fetch is its own).
const nodeFetchUnusable = !wasm && !globalThis.Deno && !globalThis.Bun;
const transports = nodeHttpAvailable() ? (nodeFetchUnusable ? ['http'] : ['http', 'fetch']) : ['fetch'];

// The server's request log as JSON: with fetch, or where fetch cannot work (no WebAssembly), node:http.
async function getJson(url) {
  if (!nodeFetchUnusable) return (await fetch(url)).json();
  const { get } = await import('node:http');
  return new Promise((resolve, reject) =>
    get(url, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (text) => (body += text));
      response.on('end', () => resolve(JSON.parse(body)));
    }).on('error', reject),
  );
}

describe(`EventSource in ${runtime} on ${core}`, function () {
  for (const transport of transports) {
    describe(`over the ${transport} transport`, () =>
      withDeviations(`${runtime.split(' ')[0]}${nodeFetchUnusable ? ' --jitless' : ''} ${transport}`, () => {
        defineEventSourceBehaviour({
          EventSource: class extends EventSource {
            constructor(url, init) {
              super(url, { transport, ...init });
            }
          },
          flavour: 'node',
          url: (path) => new URL(path, main).href,
          crossOriginUrl: (path) => new URL(path, cross).href,
          requests: (session) => getJson(new URL(`/__requests?session=${encodeURIComponent(session)}`, main)),
        });
      }));
  }
});
