// transport: 'http2' in Node: every source of the process to one origin shares one session, each a stream of
// it. Against a real node:http2 server on 127.0.0.1 (h2c, and h2 over TLS signed by the tests' CA): 1,000 sources
// on one session, the server's concurrent-stream limit (sources wait, never fail), reconnection with
// Last-Event-ID after an ended stream, a reset stream, GOAWAY and a dropped session; and through a real
// reverse proxy, Debian's nginx (HTTP/2 over TLS in front of the HTTP/1.1 test server), below and above its
// default of 128 streams per connection.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import http2 from 'node:http2';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

import { EventSource } from '../../js/index.js';
import { http2Stats } from '../../js/transports/http2-sessions.js';
import { startServer } from '../server/sse-test-server.js';
import { waitFor, waitUntil } from './helpers/events.js';
import { freePort } from './helpers/free-port.js';
import { startNginx } from './helpers/nginx.js';
import { makeTestCertificates } from './helpers/test-certificates.js';

const CONNECTING = 0;
const OPEN = 1;
const INDEX = fileURLToPath(new URL('../../js/index.js', import.meta.url));

/**
 * An HTTP/2 server (h2c, or over TLS with `tls`) whose streams get `id: n` events: the first after the
 * request's Last-Event-ID, then `then(stream, n)` decides (default: the stream stays open).
 */
async function startH2Server({ tls, maxConcurrentStreams = 2 ** 31 - 1, then = () => {} } = {}) {
  const settings = { maxConcurrentStreams };
  const server = tls ? http2.createSecureServer({ ...tls, settings }) : http2.createServer({ settings });
  const sessions = new Set();
  const requests = [];
  let sessionCount = 0;
  server.on('session', (session) => {
    sessionCount++;
    sessions.add(session);
    session.on('close', () => sessions.delete(session));
  });
  server.on('stream', (stream, headers) => {
    stream.on('error', () => {}); // the streams a test resets
    requests.push(headers);
    if (headers[':path'] === '/redirect')
      return stream.respond({ ':status': 302, location: '/s?redirected' }, { endStream: true });
    if (headers[':path'] === '/gzip') {
      stream.respond({ ':status': 200, 'content-type': 'text/event-stream', 'content-encoding': 'gzip' });
      return stream.end(gzipSync('data: unzipped\n\n'));
    }
    const n = Number(headers['last-event-id'] ?? 0) + 1;
    stream.respond({ ':status': 200, 'content-type': 'text/event-stream' });
    stream.write(`retry: 20\nid: ${n}\ndata: ${n}\n\n`);
    then(stream, n);
  });
  server.on('sessionError', () => {});
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `${tls ? 'https' : 'http'}://127.0.0.1:${server.address().port}`,
    requests,
    sessions,
    sessionCount: () => sessionCount,
    close: () =>
      new Promise((resolve) => {
        for (const session of sessions) session.destroy();
        server.close(() => resolve());
      }),
  };
}

describe("transport: 'http2'", function () {
  this.timeout(30000);
  const sources = [];
  const open = (url, init = {}) => {
    const source = new EventSource(url, { transport: 'http2', ...init });
    sources.push(source);
    return source;
  };
  // Messages each source got so far, by source index.
  const counting = (list) => {
    const counts = list.map(() => 0);
    list.forEach((source, i) => source.addEventListener('message', () => counts[i]++));
    return counts;
  };
  afterEach(async () => {
    sources.splice(0).forEach((source) => source.close());
    await waitUntil(
      () => http2Stats().streams === 0 && http2Stats().waiting === 0,
      5000,
      () => JSON.stringify(http2Stats()),
    );
  });

  it('opens 1,000 sources as 1,000 streams of one h2c session', async function () {
    const server = await startH2Server();
    try {
      const list = Array.from({ length: 1000 }, (_, i) => open(`${server.origin}/s?i=${i}`));
      const counts = counting(list);
      await waitUntil(
        () => counts.every((n) => n === 1),
        20000,
        () => `${counts.filter((n) => n === 1).length} of 1000`,
      );
      assert.equal(server.sessionCount(), 1);
      assert.deepEqual(http2Stats(), { sessions: 1, streams: 1000, waiting: 0 });
      assert.ok(list.every((source) => source.readyState === OPEN));
    } finally {
      await server.close();
    }
  });

  it("keeps to the server's concurrent-stream limit: the others wait (CONNECTING, no error) and open as streams close", async function () {
    const server = await startH2Server({ maxConcurrentStreams: 10 });
    try {
      const list = Array.from({ length: 25 }, (_, i) => open(`${server.origin}/s?i=${i}`));
      const errors = [];
      list.forEach((source) => source.addEventListener('error', (e) => errors.push(e.message)));
      const counts = counting(list);
      await waitUntil(() => counts.filter((n) => n === 1).length === 10, 5000);
      await new Promise((resolve) => setTimeout(resolve, 200));
      assert.equal(counts.filter((n) => n === 1).length, 10, 'no more than the limit');
      assert.deepEqual(http2Stats(), { sessions: 1, streams: 10, waiting: 15 });
      assert.equal(list.filter((source) => source.readyState === CONNECTING).length, 15);
      const served = list.filter((_, i) => counts[i] === 1);
      served.slice(0, 5).forEach((source) => source.close());
      await waitUntil(() => counts.filter((n) => n === 1).length === 15, 5000);
      assert.deepEqual(errors, []);
      assert.equal(server.sessionCount(), 1);
    } finally {
      await server.close();
    }
  });

  it('reconnects an ended stream on the same session with Last-Event-ID', async function () {
    const server = await startH2Server({ then: (stream, n) => n < 3 && stream.end() });
    try {
      const source = open(`${server.origin}/s`);
      const seen = [];
      source.onmessage = (e) => seen.push([e.data, e.lastEventId]);
      await waitUntil(() => seen.length === 3, 5000);
      assert.deepEqual(seen, [
        ['1', '1'],
        ['2', '2'],
        ['3', '3'],
      ]);
      assert.deepEqual(
        server.requests.map((h) => h['last-event-id']),
        [undefined, '1', '2'],
      );
      assert.equal(server.sessionCount(), 1);
    } finally {
      await server.close();
    }
  });

  it('follows a redirect and decodes a gzip body, as over HTTP/1.1', async function () {
    const server = await startH2Server();
    try {
      const [redirected] = await waitFor(open(`${server.origin}/redirect`), 'message');
      assert.equal(redirected.data, '1');
      assert.equal(server.requests[1][':path'], '/s?redirected');
      const [decoded] = await waitFor(open(`${server.origin}/gzip`), 'message');
      assert.equal(decoded.data, 'unzipped');
      assert.equal(server.sessionCount(), 1);
    } finally {
      await server.close();
    }
  });

  it('takes a reset stream and a dropped session as network errors: it reconnects and resumes', async function () {
    const server = await startH2Server({
      then: (stream, n) => {
        if (n === 1) setTimeout(() => stream.close(http2.constants.NGHTTP2_INTERNAL_ERROR), 20);
        if (n === 2) setTimeout(() => stream.session.destroy(), 20);
      },
    });
    try {
      const source = open(`${server.origin}/s`);
      const errors = [];
      source.onerror = (e) => errors.push(e.code);
      const seen = [];
      source.onmessage = (e) => seen.push(e.data);
      await waitUntil(() => seen.length === 3, 5000);
      assert.deepEqual(seen, ['1', '2', '3']);
      assert.deepEqual(errors, ['reconnecting', 'reconnecting']);
      assert.equal(server.sessionCount(), 2, 'a new session after the dropped one');
      assert.deepEqual(
        server.requests.map((h) => h['last-event-id']),
        [undefined, '1', '2'],
      );
    } finally {
      await server.close();
    }
  });

  it('opens a new session after GOAWAY, and the sources whose streams then end resume on it', async function () {
    const first = [];
    const server = await startH2Server({
      then: (stream, n) => {
        if (n !== 1) return;
        first.push(stream);
        if (first.length < 2) return;
        // GOAWAY lets the open streams finish: the server then ends them, and the reconnections must not go
        // to the session that said it.
        setTimeout(() => {
          first[0].session.goaway(http2.constants.NGHTTP2_NO_ERROR);
          setTimeout(() => first.forEach((s) => s.end()), 20);
        }, 20);
      },
    });
    try {
      const list = [open(`${server.origin}/a`), open(`${server.origin}/b`)];
      const last = ['', ''];
      list.forEach((source, i) => (source.onmessage = (e) => (last[i] = e.data)));
      await waitUntil(
        () => last.every((data) => data === '2'),
        5000,
        () => last.join(),
      );
      assert.equal(server.sessionCount(), 2);
      assert.deepEqual(
        server.requests.map((h) => h['last-event-id']),
        [undefined, undefined, '1', '1'],
      );
    } finally {
      await server.close();
    }
  });

  it('streams over TLS with the tls option, and reports a refused connection as its cause', async function () {
    const certs = await makeTestCertificates();
    const server = await startH2Server({ tls: certs.server });
    try {
      const [message] = await waitFor(open(`${server.origin}/s`, { tls: { ca: certs.ca } }), 'message');
      assert.equal(message.data, '1');
      const refused = open(`http://127.0.0.1:${await freePort()}/`);
      const [error] = await waitFor(refused, 'error');
      refused.close();
      assert.equal(error.code, 'reconnecting');
      assert.equal(error.cause.code, 'ECONNREFUSED');
      assert.throws(() => new EventSource(`${server.origin}/`, { transport: 'http2', proxy: 'http://127.0.0.1:1' }), {
        name: 'TypeError',
        message: /transport must be 'http' \(or none\) with the proxy option/,
      });
    } finally {
      await server.close();
      await certs.remove();
    }
  });

  it('closes a session 5 s after its last stream closed', async function () {
    const server = await startH2Server();
    try {
      const source = open(`${server.origin}/s`);
      await waitFor(source, 'message');
      source.close();
      await waitUntil(() => http2Stats().streams === 0, 2000);
      const closedAt = Date.now();
      assert.equal(http2Stats().sessions, 1, 'kept for a while, for the next request');
      await waitUntil(() => http2Stats().sessions === 0 && server.sessions.size === 0, 8000);
      assert.ok(Date.now() - closedAt >= 4000, `closed after ${Date.now() - closedAt} ms`);
    } finally {
      await server.close();
    }
  });

  it('lets a Node script exit once its sources are closed (the idle session holds no process)', async function () {
    const server = await startH2Server();
    try {
      const script = `
        import { EventSource } from ${JSON.stringify(INDEX)};
        const source = new EventSource(${JSON.stringify(`${server.origin}/s`)}, { transport: 'http2' });
        source.onmessage = (e) => { console.log('message', e.data); source.close(); };`;
      const started = Date.now();
      const child = spawn(process.execPath, ['--input-type=module', '-e', script]);
      let out = '';
      child.stdout.on('data', (chunk) => (out += chunk));
      const code = await new Promise((resolve) => child.on('exit', resolve));
      assert.equal(out.trim(), 'message 1');
      assert.equal(code, 0);
      assert.ok(Date.now() - started < 4000, `took ${Date.now() - started} ms to exit`);
    } finally {
      await server.close();
    }
  });

  describe('through nginx (HTTP/2 over TLS in front of the HTTP/1.1 test server)', function () {
    let certs;
    let upstream;
    let nginx;
    before(async function () {
      certs = await makeTestCertificates();
      upstream = await startServer();
      nginx = await startNginx({ upstream: upstream.origin, ...certs.server });
    });
    after(async () => {
      await nginx?.stop();
      await upstream?.close();
      await certs?.remove();
    });
    const url = (tag, i) => `${nginx.origin}/counter?n=1&tag=${tag}-${i}`;

    it('serves 100 sources on one connection, below its 128 streams', async function () {
      const list = Array.from({ length: 100 }, (_, i) => open(url('below', i), { tls: { ca: certs.ca } }));
      const counts = counting(list);
      await waitUntil(
        () => counts.every((n) => n === 1),
        15000,
        () => `${counts.filter((n) => n === 1).length} of 100`,
      );
      assert.deepEqual(http2Stats(), { sessions: 1, streams: 100, waiting: 0 });
      assert.equal(upstream.requests.filter((r) => r.path.includes('tag=below')).length, 100);
    });

    it('serves 128 of 200 sources at once, above its limit: the rest wait, then open as others close', async function () {
      const list = Array.from({ length: 200 }, (_, i) => open(url('above', i), { tls: { ca: certs.ca } }));
      const errors = [];
      list.forEach((source) => source.addEventListener('error', (e) => errors.push(e.message)));
      const counts = counting(list);
      await waitUntil(
        () => counts.filter((n) => n === 1).length === 128,
        15000,
        () => `${counts.filter((n) => n === 1).length}`,
      );
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.equal(counts.filter((n) => n === 1).length, 128);
      assert.deepEqual(http2Stats(), { sessions: 1, streams: 128, waiting: 72 });
      list.filter((_, i) => counts[i] === 1).forEach((source) => source.close());
      await waitUntil(
        () => counts.every((n) => n === 1),
        15000,
        () => `${counts.filter((n) => n === 1).length} of 200`,
      );
      assert.deepEqual(errors, []);
      assert.equal(upstream.requests.filter((r) => r.path.includes('tag=above')).length, 200);
    });
  });
});
