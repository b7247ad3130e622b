// End-to-end tests of EventSource in Node against a real HTTP server on 127.0.0.1 (see ../server/): the
// shared behaviour suite (../behaviour/, also run in Chromium by browser.test.js) with flavour 'node',
// once per Node transport (node:http, the default, and fetch), and the tests that only make sense in Node.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { EventSource } from '../../js/index.js';
import { defineEventSourceBehaviour } from '../behaviour/event-source-behaviour.js';
import { waitFor } from '../behaviour/events.js';
import { startServer } from '../server/sse-test-server.js';

/** The transports that run in Node: node:http (what 'auto' picks here) and fetch. */
const NODE_TRANSPORTS = ['http', 'fetch'];

/** EventSource with `transport` as the default of its init dictionary. */
function withTransport(transport) {
  return class extends EventSource {
    constructor(url, init) {
      super(url, { transport, ...init });
    }
  };
}

describe('EventSource end to end', function () {
  let server;

  before(async function () {
    server = await startServer({ crossOrigin: true });
  });

  after(async function () {
    await server?.close();
  });

  for (const transport of NODE_TRANSPORTS) {
    describe(`over the ${transport} transport`, function () {
      defineEventSourceBehaviour({
        EventSource: withTransport(transport),
        flavour: 'node',
        url: (path) => server.url(path),
        crossOriginUrl: (path) => server.crossOriginUrl(path),
        requests: async (session) => structuredClone(server.sessionRequests(session)),
      });
    });
  }

  describe('transport selection in Node', function () {
    const sources = [];
    const connect = (url, init) => {
      const source = new EventSource(url, init);
      sources.push(source);
      return source;
    };
    afterEach(function () {
      for (const source of sources.splice(0)) source.close();
    });

    // undici's fetch adds Sec-Fetch-Mode and its own User-Agent; node:http sends neither (js/node-http-transport.js).
    for (const [init, expected] of [[{}, 'http'], [{ transport: 'auto' }, 'http'], [{ transport: 'http' }, 'http'], [{ transport: 'fetch' }, 'fetch']]) {
      it(`makes its requests with ${expected} when the transport option is ${init.transport ?? 'not given'}`, async function () {
        const [message] = await waitFor(connect(server.url('/echo'), init), 'message');
        const headers = JSON.parse(message.data);
        assert.equal(headers['sec-fetch-mode'], expected === 'fetch' ? 'cors' : undefined);
        assert.equal(headers.accept, 'text/event-stream');
      });
    }

    it('reads a data: URL with the default transport, through fetch as before', async function () {
      const [message] = await waitFor(connect('data:text/event-stream,data:%20inline%0A%0A'), 'message');
      assert.equal(message.data, 'inline');
    });

    it("fails a data: URL with transport 'http', which has no request to make for it, and reconnects", async function () {
      const source = connect('data:text/event-stream,data:%20inline%0A%0A', { transport: 'http' });
      const [error] = await waitFor(source, 'error');
      assert.equal(error.code, 'reconnecting');
    });

    it('names the http transport among the choices when the transport option is unknown', function () {
      assert.throws(() => new EventSource(server.url('/never'), { transport: 'websocket' }), { name: 'TypeError', message: /'http'/ });
    });
  });

  for (const transport of [undefined, 'fetch']) {
    describe(`in Node, with ${transport === undefined ? 'the default transport' : `transport '${transport}'`}`, function () {
      childProcessTests(() => server, transport);
    });
  }
});

/** A process that closes its source exits at once (at most EXIT_AFTER_CLOSE_MS later): nothing is left to keep it alive. */
const EXIT_AFTER_CLOSE_MS = 100;

function childProcessTests(getServer, transport) {
  const indexUrl = pathToFileURL(fileURLToPath(new URL('../../js/index.js', import.meta.url))).href;
  const child = `
    import { EventSource } from ${JSON.stringify(indexUrl)};
    const init = process.env.TRANSPORT ? { transport: process.env.TRANSPORT } : {};
    const source = new EventSource(process.env.SSE_URL, init);
    const close = () => {
      source.close();
      console.log('closed');
      const closedAt = performance.now();
      process.on('exit', () => console.log(\`exited \${Math.round(performance.now() - closedAt)} ms after close\`));
    };
    if (process.env.CLOSE_ON === 'timeout') setTimeout(close, 500);
    else if (process.env.CLOSE_ON === 'never') source.onerror = () => console.log('waiting');
    else source.addEventListener(process.env.CLOSE_ON, close, { once: true });
  `;

  /** Runs the child script; resolves with its exit code, or with 'timeout' after killing it. */
  function runChild(url, closeOn, timeoutMs = 4000) {
    return new Promise((resolve) => {
      const proc = spawn(process.execPath, ['--input-type=module', '-e', child], {
        env: { ...process.env, SSE_URL: url, CLOSE_ON: closeOn, TRANSPORT: transport ?? '' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      proc.stdout.on('data', (chunk) => (output += chunk));
      proc.stderr.on('data', (chunk) => (output += chunk));
      const timer = setTimeout(() => {
        proc.kill('SIGKILL');
        resolve({ code: 'timeout', output });
      }, timeoutMs);
      proc.on('exit', (code) => {
        clearTimeout(timer);
        resolve({ code, output });
      });
    });
  }

  /**
   * Asserts a clean exit, with the default transport at most EXIT_AFTER_CLOSE_MS after close(). Over
   * fetch, undici takes 60-75 ms to let go of its connection (measured here), too near the bound on a
   * loaded machine to time it.
   */
  function assertExitedPromptly({ code, output }) {
    assert.equal(code, 0, output);
    assert.match(output, /closed/);
    const ms = Number(/exited (\d+) ms after close/.exec(output)?.[1]);
    if (transport === undefined) assert.ok(ms <= EXIT_AFTER_CLOSE_MS, `exited ${ms} ms after close: ${output}`);
  }

  it('lets the process exit promptly after a source is closed while its connection is open', async function () {
    assertExitedPromptly(await runChild(getServer().url('/counter?n=1&retry=60000'), 'message'));
  });

  it('lets the process exit promptly after a source is closed while it waits to reconnect', async function () {
    assertExitedPromptly(await runChild(getServer().url('/counter?n=1&retry=60000&end=1'), 'error'));
  });

  it('lets the process exit while an unclosed source only waits to reconnect', async function () {
    const { code, output } = await runChild(getServer().url('/counter?n=1&retry=60000&end=1'), 'never');
    assert.equal(code, 0, output);
    assert.match(output, /waiting/);
  });

  it('lets the process exit promptly after a source is closed before its response arrives', async function () {
    const session = `node-child-${transport ?? 'default'}-${Date.now()}`;
    assertExitedPromptly(await runChild(getServer().url(`/s/${session}/never`), 'timeout'));
    assert.equal(getServer().sessionRequests(session).filter((r) => r.pathname === '/never').length, 1);
  });
}
