// Faults one at a time, in Node over each transport, against a small server of their own
// on loopback: a stream trickled one byte per write, a burst of thousands of events in one write, a
// stream that stalls, a 5xx, a redirect loop. Every wait is bounded; timers that would make a test
// sleep run on a fake clock.
import assert from 'node:assert/strict';
import http from 'node:http';

import { EventSource } from '../../js/index.js';
import { record } from '../behaviour/events.js';
import { FakeClock } from '../behaviour/fake-clock.js';

const numbered = (from, to) =>
  Array.from({ length: to - from + 1 }, (_, k) => `id: ${from + k}\ndata: ${from + k}\n\n`).join('');
const lastEventId = (req) => Number.parseInt(req.headers['last-event-id'] ?? '0', 10) || 0;

/** Each route: (req, res, attempt) with attempt counted per path from 1. */
const ROUTES = {
  // The whole stream, one byte per write, each write flushed on its own (no Nagle).
  '/trickle': (req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/event-stream' });
    const bytes = Buffer.from(`retry: 20\n${numbered(1, 20).replace(/data: (\d+)/g, 'data: caf\u00e9 $1')}`);
    let at = 0;
    const next = () => {
      if (res.destroyed) return;
      if (at === bytes.length) return void res.end();
      res.write(bytes.subarray(at, ++at), () => setImmediate(next));
    };
    next();
  },
  // 20,000 events in one write.
  '/burst': (req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/event-stream' });
    res.end(numbered(1, 20000));
  },
  // The first response sends 1..3 and then nothing, holding the connection; the next resume to 6.
  '/stall': (req, res, attempt) => {
    res.writeHead(200, { 'Content-Type': 'text/event-stream' });
    if (attempt === 1) return void res.write(`retry: 20\n${numbered(1, 3)}`);
    res.end(numbered(lastEventId(req) + 1, 6));
  },
  // 503 first, then the stream.
  '/unavailable': (req, res, attempt) => {
    if (attempt === 1) {
      res.writeHead(503, { 'Content-Type': 'text/plain', 'Retry-After': '1' });
      return void res.end('busy');
    }
    res.writeHead(200, { 'Content-Type': 'text/event-stream' });
    res.write(numbered(1, 2));
  },
  // Redirects to itself, forever.
  '/loop': (req, res) => {
    res.writeHead(302, { Location: '/loop' });
    res.end();
  },
};

describe('fault scenarios, one at a time', function () {
  let server;
  let requests;
  const sources = [];

  before(async function () {
    server = http.createServer((req, res) => {
      const { pathname } = new URL(req.url, 'http://placeholder');
      requests.push(pathname);
      const route = ROUTES[pathname];
      if (!route) return void res.writeHead(404).end();
      route(req, res, requests.filter((path) => path === pathname).length);
    });
    server.on('connection', (socket) => socket.setNoDelay(true));
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  beforeEach(function () {
    requests = [];
  });
  afterEach(function () {
    for (const source of sources.splice(0)) source.close();
  });
  after(async function () {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const connect = (path, init) => {
    const source = new EventSource(`http://127.0.0.1:${server.address().port}${path}`, init);
    sources.push(source);
    return source;
  };

  for (const transport of ['http', 'fetch']) {
    describe(`over ${transport}`, function () {
      it('reads a stream trickled one byte per write, multi-byte characters too', async function () {
        this.timeout(10000);
        const events = record(connect('/trickle', { transport }));
        await events.until((r) => r.of('message').length >= 20, 8000);
        assert.deepEqual(
          events.data(),
          Array.from({ length: 20 }, (_, k) => `caf\u00e9 ${k + 1}`),
        );
      });

      it('reads a burst of 20,000 events in one write, every one in order', async function () {
        const events = record(connect('/burst', { transport }), ['message']);
        await events.until((r) => r.log.length >= 20000, 8000);
        assert.ok(events.log.every((event, k) => event.data === String(k + 1)));
      });

      it('takes a stalled stream for a dropped one (inactivityTimeout) and resumes with Last-Event-ID', async function () {
        const events = record(connect('/stall', { transport, inactivityTimeout: 200 }));
        await events.until((r) => r.of('message').length >= 6, 4000);
        assert.deepEqual(events.data(), ['1', '2', '3', '4', '5', '6']);
        assert.deepEqual(
          events
            .of('error')
            .slice(0, 1)
            .map((e) => [e.readyState, e.code]),
          [[EventSource.CONNECTING, 'reconnecting']],
        );
      });

      it('fails the connection on a 503, as the standard says, and retries it with retry.statuses', async function () {
        const failed = record(connect('/unavailable', { transport }));
        await failed.until((r) => r.of('error').length >= 1);
        assert.deepEqual(
          failed.log.map((e) => [e.type, e.code, e.status, e.readyState]),
          [['error', 'bad-status', 503, EventSource.CLOSED]],
        );
        requests = [];
        const clock = new FakeClock();
        const retried = record(connect('/unavailable', { transport, retry: { statuses: [503] }, timers: clock }));
        await clock.waitForTimer(3000); // the reconnection time, Retry-After (1 s) being shorter
        clock.advance(3000);
        await retried.until((r) => r.of('message').length >= 2);
        assert.deepEqual(
          retried.log.map((e) => [e.type, e.code ?? e.data, e.readyState]),
          [
            ['error', 'reconnecting', EventSource.CONNECTING],
            ['open', undefined, EventSource.OPEN],
            ['message', '1', EventSource.OPEN],
            ['message', '2', EventSource.OPEN],
          ],
        );
      });

      it('gives up on a redirect loop after 20 redirects per attempt, and reconnects (a network error) until retry.maxAttempts', async function () {
        const clock = new FakeClock();
        const events = record(connect('/loop', { transport, retry: { maxAttempts: 1 }, timers: clock }));
        await events.until((r) => r.of('error').length >= 1, 4000);
        assert.equal(requests.length, 21, 'one request and 20 redirects');
        await clock.waitForTimer(3000);
        clock.advance(3000);
        await events.until((r) => r.of('error').length >= 2, 4000);
        assert.deepEqual(
          events.log.map((e) => [e.code, e.readyState]),
          [
            ['reconnecting', EventSource.CONNECTING],
            ['retries-exhausted', EventSource.CLOSED],
          ],
        );
        assert.equal(requests.length, 42);
      });
    });
  }
});
