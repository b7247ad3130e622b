// End-to-end tests of EventSource in Node against a real HTTP server on 127.0.0.1 (see ../server/): the
// shared behaviour suite (../behaviour/, also run in Chromium by browser.test.js) with flavour 'node',
// and the tests that only make sense in Node.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { EventSource } from '../../js/index.js';
import { defineEventSourceBehaviour } from '../behaviour/event-source-behaviour.js';
import { startServer } from '../server/sse-test-server.js';

describe('EventSource end to end', function () {
  let server;

  before(async function () {
    server = await startServer({ crossOrigin: true });
  });

  after(async function () {
    await server?.close();
  });

  defineEventSourceBehaviour({
    EventSource,
    flavour: 'node',
    url: (path) => server.url(path),
    crossOriginUrl: (path) => server.crossOriginUrl(path),
    requests: async (session) => structuredClone(server.sessionRequests(session)),
  });

  describe('in Node', function () {
    const indexUrl = pathToFileURL(fileURLToPath(new URL('../../js/index.js', import.meta.url))).href;
    const child = `
      import { EventSource } from ${JSON.stringify(indexUrl)};
      const source = new EventSource(process.env.SSE_URL);
      const close = () => { source.close(); console.log('closed'); };
      if (process.env.CLOSE_ON === 'timeout') setTimeout(close, 500);
      else if (process.env.CLOSE_ON === 'never') source.onerror = () => console.log('waiting');
      else source.addEventListener(process.env.CLOSE_ON, close, { once: true });
    `;

    /** Runs the child script; resolves with its exit code, or with 'timeout' after killing it. */
    function runChild(url, closeOn, timeoutMs = 4000) {
      return new Promise((resolve) => {
        const proc = spawn(process.execPath, ['--input-type=module', '-e', child], {
          env: { ...process.env, SSE_URL: url, CLOSE_ON: closeOn },
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

    it('lets the process exit after a source is closed while its connection is open', async function () {
      const { code, output } = await runChild(server.url('/counter?n=1&retry=60000'), 'message');
      assert.equal(code, 0, output);
      assert.match(output, /closed/);
    });

    it('lets the process exit after a source is closed while it waits to reconnect', async function () {
      const { code, output } = await runChild(server.url('/counter?n=1&retry=60000&end=1'), 'error');
      assert.equal(code, 0, output);
      assert.match(output, /closed/);
    });

    it('lets the process exit while an unclosed source only waits to reconnect', async function () {
      const { code, output } = await runChild(server.url('/counter?n=1&retry=60000&end=1'), 'never');
      assert.equal(code, 0, output);
      assert.match(output, /waiting/);
    });

    it('lets the process exit after a source is closed before its response arrives', async function () {
      const session = `node-child-${Date.now()}`;
      const { code, output } = await runChild(server.url(`/s/${session}/never`), 'timeout');
      assert.equal(code, 0, output);
      assert.match(output, /closed/);
      assert.equal(server.sessionRequests(session).filter((r) => r.pathname === '/never').length, 1);
    });
  });
});
