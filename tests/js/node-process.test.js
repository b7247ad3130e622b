// A Node script using EventSource, run as users run one: in its own spawned process, against the real
// test server. A lone source keeps its process alive while it is open or waiting to reconnect (as an
// open socket does), reconnects after a drop and resumes with Last-Event-ID; close() from any state
// lets the process exit at once.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { startServer } from '../server/sse-test-server.js';
import { freePort } from './helpers/free-port.js';

const INDEX_URL = pathToFileURL(fileURLToPath(new URL('../../js/index.js', import.meta.url))).href;

/**
 * How soon after close() the process must be gone. Measured here: 1-15 ms with the default transport,
 * 60-75 ms over fetch (undici lets go of its connection late). The bound tells "exits at once" from
 * "waits for something", every wait in these tests being a reconnection time of 60 s or a socket that
 * never ends; it is generous so that a loaded CI machine does not fail it.
 */
const EXIT_AFTER_CLOSE_MS = 1000;

// The child: one EventSource; prints what it sees, one line each; closes when CLOSE_ON says:
// 'now' (right after construction), 'timeout' (500 ms later), an event type ('open', 'message',
// 'error'), 'closed-error' (an error that left readyState CLOSED), 'id=<id>' (a message with that
// last event ID) or 'never'.
const CHILD = `
  import { EventSource } from ${JSON.stringify(INDEX_URL)};
  const init = process.env.TRANSPORT ? { transport: process.env.TRANSPORT } : {};
  const closeOn = process.env.CLOSE_ON;
  const source = new EventSource(process.env.SSE_URL, init);
  let closedAt = null;
  const close = () => {
    if (closedAt !== null) return;
    source.close();
    closedAt = performance.now();
    console.log('closed');
    process.on('exit', () => console.log('exited ' + Math.round(performance.now() - closedAt) + ' ms after close'));
  };
  source.onopen = () => { console.log('open'); if (closeOn === 'open') close(); };
  source.onmessage = (event) => {
    console.log('message ' + event.lastEventId + ' ' + event.data);
    if (closeOn === 'message' || closeOn === 'id=' + event.lastEventId) close();
  };
  source.onerror = (event) => {
    console.log('error ' + event.code + ' ' + source.readyState);
    if (closeOn === 'error' || (closeOn === 'closed-error' && source.readyState === EventSource.CLOSED)) close();
  };
  if (closeOn === 'now') close();
  if (closeOn === 'timeout') setTimeout(close, 500);
`;

/**
 * Runs the child against `url`. Resolves with { code, lines } once it exits, or with code 'killed'
 * once `until(lines)` holds or after `timeoutMs` (then it is killed: still running).
 */
function runChild({ url, closeOn, transport, until = () => false, timeoutMs = 8000 }) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', CHILD], {
      env: { ...process.env, SSE_URL: url, CLOSE_ON: closeOn, TRANSPORT: transport ?? '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const lines = () => output.split('\n').filter(Boolean);
    const kill = () => {
      clearTimeout(timer);
      child.kill('SIGKILL');
    };
    const timer = setTimeout(kill, timeoutMs);
    child.stdout.on('data', (chunk) => {
      output += chunk;
      if (until(lines())) kill();
    });
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: signal === 'SIGKILL' ? 'killed' : code, lines: lines() });
    });
  });
}

function assertExitedAfterClose({ code, lines }) {
  assert.equal(code, 0, lines.join('\n'));
  assert.ok(lines.includes('closed'), lines.join('\n'));
  const ms = Number(/^exited (\d+) ms after close$/.exec(lines.at(-1))?.[1]);
  assert.ok(ms <= EXIT_AFTER_CLOSE_MS, `exited ${ms} ms after close:\n${lines.join('\n')}`);
}

describe('a Node script with an EventSource, in its own process', function () {
  this.timeout(15000);
  let server;
  before(async () => {
    server = await startServer();
  });
  after(() => server.close());

  for (const transport of [undefined, 'fetch']) {
    describe(transport === undefined ? 'with the default transport' : `with transport '${transport}'`, function () {
      const session = (name) => `process-${transport ?? 'default'}-${name}-${Date.now()}`;

      it('stays up when the connection drops, reconnects with Last-Event-ID and receives the next event', async () => {
        const id = session('drop');
        // /drop: events 1 and 2, then the connection is cut mid-event; on a request with Last-Event-ID,
        // the events after it up to total. The child closes after event 4.
        const result = await runChild({
          url: server.url(`/s/${id}/drop?n=2&total=4&retry=100`),
          closeOn: 'id=4',
          transport,
        });
        assertExitedAfterClose(result);
        assert.deepEqual(result.lines.slice(0, -2), [
          'open',
          'message 1 1',
          'message 2 2',
          'error reconnecting 0',
          'open',
          'message 3 3',
          'message 4 4',
        ]);
        const requests = server.sessionRequests(id);
        assert.equal(requests.length, 2);
        assert.equal(requests[0].headers['last-event-id'], undefined);
        assert.equal(requests[1].headers['last-event-id'], '2');
      });

      it('stays up retrying while the server refuses connections', async () => {
        const port = await freePort();
        // The reconnection time is 3 s (no server to say otherwise): two errors take one wait.
        const result = await runChild({
          url: `http://127.0.0.1:${port}/`,
          closeOn: 'never',
          transport,
          until: (lines) => lines.filter((line) => line.startsWith('error')).length === 2,
        });
        assert.equal(result.code, 'killed', `the process exited by itself:\n${result.lines.join('\n')}`);
        assert.deepEqual(result.lines, ['error reconnecting 0', 'error reconnecting 0']);
      });

      it('stays up while a source is open and silent', async () => {
        const result = await runChild({ url: server.url('/never'), closeOn: 'never', transport, timeoutMs: 1500 });
        assert.equal(result.code, 'killed', result.lines.join('\n'));
      });

      it('exits by itself once the connection failed (readyState CLOSED), without close()', async () => {
        const result = await runChild({ url: server.url('/status?code=404'), closeOn: 'never', transport });
        assert.equal(result.code, 0, result.lines.join('\n'));
        assert.deepEqual(result.lines, ['error bad-status 2']);
      });

      const closes = [
        ['synchronously after construction, before the core has loaded', '/counter?n=1', 'now'],
        ['while the request waits for its response', '/never', 'timeout'],
        ['from the open handler', '/counter?n=1&retry=60000', 'open'],
        ['while the connection is open', '/counter?n=1&retry=60000', 'message'],
        ['while it waits to reconnect (in the error handler)', '/counter?n=1&retry=60000&end=1', 'error'],
        ['after the connection failed', '/status?code=500', 'closed-error'],
      ];
      for (const [when, path, closeOn] of closes) {
        it(`exits at once when closed ${when}`, async () => {
          assertExitedAfterClose(await runChild({ url: server.url(path), closeOn, transport }));
        });
      }
    });
  }
});
