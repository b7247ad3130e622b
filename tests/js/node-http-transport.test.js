// Tests of the node:http / node:https transport on its own, against a real server on 127.0.0.1: what fetch
// does for an EventSource request that node:http leaves to its caller (redirects, content codings,
// header bytes, errors, abort). What every transport must do is in the shared behaviour suite
// (event-source.e2e.test.js runs it over this transport and over fetch).
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { startNodeHttpRequest } from '../../js/transports/node-http-transport.js';
import { freePort } from './helpers/free-port.js';
import { DEFAULT_REQUEST } from '../../js/options/request-options.js';
import { startServer } from '../server/sse-test-server.js';

/**
 * Starts a request with the transport and records its reports. `calls` holds them in order
 * (['response', status, contentType, finalUrl], ['chunk', bytes], ['end'], ['error', futile] (null for a network error)).
 */
function startRecorded(options, { onChunk } = {}) {
  const calls = [];
  const causes = []; // the cause of each error()
  const listeners = new Set();
  const note = (call) => {
    calls.push(call);
    for (const listener of listeners) listener();
  };
  let started = false;
  // `method` and `headers` (pairs) go into the request options, as js/options/request-options.js gives them.
  const { method = 'GET', headers = [], body = null, ...rest } = options;
  const request = startNodeHttpRequest(
    { lastEventId: '', request: { ...DEFAULT_REQUEST, method, headers, body }, ...rest },
    {
      response: (status, contentType, finalUrl) => note(['response', status, contentType, finalUrl]),
      chunk: (bytes) => {
        note(['chunk', bytes]);
        onChunk?.(bytes);
      },
      end: () => note(['end']),
      error: (futile, cause) => {
        causes.push(cause);
        note(['error', futile, started]);
      },
    },
  );
  started = true;
  return {
    calls,
    causes,
    abort: () => request.abort(),
    /** The kinds of the reports, runs of chunks shown once: e.g. ['response', 'chunk', 'end']. */
    kinds: () => calls.map((c) => c[0]).filter((kind, i, all) => kind !== 'chunk' || all[i - 1] !== 'chunk'),
    bytes: () => Buffer.concat(calls.filter((c) => c[0] === 'chunk').map((c) => c[1])),
    text() {
      return new TextDecoder().decode(this.bytes());
    },
    /** Resolves once `predicate(recording)` holds; rejects after `timeoutMs` with what was reported. */
    until(predicate, timeoutMs = 2000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (!predicate(this)) return;
          listeners.delete(check);
          clearTimeout(timer);
          resolve(this);
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`timed out; reported ${JSON.stringify(this.kinds())}, text ${JSON.stringify(this.text())}`));
        }, timeoutMs);
        listeners.add(check);
        check();
      });
    },
    get done() {
      return calls.some((c) => c[0] === 'end' || c[0] === 'error');
    },
  };
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

describe('node:http transport', function () {
  let server;
  let session;
  let sessionCount = 0;
  const at = (path) => server.url(`/s/${session}${path}`);
  const crossAt = (path) => server.crossOriginUrl(`/s/${session}${path}`);
  const logged = (pathname) =>
    server.sessionRequests(session).filter((r) => pathname === undefined || r.pathname === pathname);
  /**
   * Nothing more can be reported for the request of `pathname`: the server saw it end (so no byte of it
   * can still arrive) and two turns of the event loop let whatever had arrived be handled.
   */
  const settled = async (pathname) => {
    const deadline = Date.now() + 2000;
    while (logged(pathname)[0]?.closedAt == null && Date.now() < deadline) await sleep(5);
    assert.notEqual(logged(pathname)[0]?.closedAt ?? null, null, `the server still has the ${pathname} request open`);
    await new Promise(setImmediate);
    await new Promise(setImmediate);
  };
  const recordings = [];
  const start = (options, hooks) => {
    const recording = startRecorded(options, hooks);
    recordings.push(recording);
    return recording;
  };

  before(async function () {
    server = await startServer({ crossOrigin: true });
  });
  after(async function () {
    await server?.close();
  });
  beforeEach(function () {
    session = `http-transport-${++sessionCount}`;
  });
  afterEach(function () {
    for (const recording of recordings.splice(0)) recording.abort();
  });

  describe('requests', function () {
    it("sends GET with Accept, Cache-Control and Pragma no-cache and fetch's Accept-Encoding, without Last-Event-ID when the ID is empty", async function () {
      const recording = start({ url: at('/counter?n=1&end=1') });
      await recording.until((r) => r.done);
      const [request] = logged('/counter');
      assert.equal(request.method, 'GET');
      assert.equal(request.headers.accept, 'text/event-stream');
      assert.equal(request.headers['cache-control'], 'no-cache');
      assert.equal(request.headers.pragma, 'no-cache');
      assert.equal(request.headers['accept-encoding'], 'gzip, deflate');
      assert.equal(request.headers['last-event-id'], undefined);
    });

    it('sends the accept argument as Accept', async function () {
      const recording = start({
        url: at('/counter?n=1&end=1'),
        accept: 'application/x-dom-event-stream, text/event-stream',
      });
      await recording.until((r) => r.done);
      assert.equal(logged('/counter')[0].headers.accept, 'application/x-dom-event-stream, text/event-stream');
    });

    it('sends a non-ASCII last event ID as exactly its UTF-8 bytes', async function () {
      const id = 'caf\u00e9 \u20ac \ud83d\ude00';
      const recording = start({ url: at('/echo-bytes?name=last-event-id&end=1'), lastEventId: id });
      await recording.until((r) => r.done);
      assert.equal(recording.text(), `data: ${Buffer.from(id, 'utf8').toString('hex')}\n\n`);
    });

    it('reports response, every chunk and then end, in that order, with the body bytes unchanged', async function () {
      const recording = start({ url: at('/trickle?delay=1&end=1') });
      await recording.until((r) => r.done);
      assert.deepEqual(recording.kinds(), ['response', 'chunk', 'end']);
      assert.deepEqual(recording.calls[0], ['response', 200, 'text/event-stream', at('/trickle?delay=1&end=1')]);
      assert.ok(recording.calls.filter((c) => c[0] === 'chunk').every((c) => c[1] instanceof Uint8Array));
      const { TRICKLE_BODY } = await import('../server/sse-test-server.js');
      assert.deepEqual(recording.bytes(), TRICKLE_BODY);
    });

    it("reports the final URL without its fragment, as fetch's response.url", async function () {
      const recording = start({ url: at('/counter?n=1&end=1#part') });
      await recording.until((r) => r.done);
      assert.equal(recording.calls[0][3], at('/counter?n=1&end=1'));
    });
  });

  describe('redirects', function () {
    it('follows 20 redirects in a row and reports the last URL as the final URL', async function () {
      const recording = start({ url: at('/redirect-chain?hops=20') });
      await recording.until((r) => r.text().includes('end of chain'));
      assert.equal(recording.calls[0][1], 200);
      assert.equal(recording.calls[0][3], at('/redirect-chain?hops=0'));
      assert.equal(logged('/redirect-chain').length, 21);
    });

    it('fails with a network error, and no response, on the 21st redirect', async function () {
      const recording = start({ url: at('/redirect-chain?hops=21') });
      await recording.until((r) => r.done);
      assert.deepEqual(recording.calls, [['error', null, true]]);
      assert.equal(logged('/redirect-chain').length, 21, 'the 21st Location is not requested');
    });

    it('resolves a relative Location against the URL that answered, not the first URL', async function () {
      const across = crossAt('/redirect-chain?hops=2&relative=1');
      const recording = start({ url: at(`/redirect?code=302&to=${encodeURIComponent(across)}`) });
      await recording.until((r) => r.text().includes('end of chain'));
      assert.deepEqual(
        logged('/redirect-chain').map((r) => [r.listener, r.path]),
        [
          ['cross', '/redirect-chain?hops=2&relative=1'],
          ['cross', '/redirect-chain?hops=1&relative=1'],
          ['cross', '/redirect-chain?hops=0&relative=1'],
        ],
      );
      assert.equal(recording.calls[0][3], crossAt('/redirect-chain?hops=0&relative=1'));
    });

    for (const [code, method, expected] of [
      [303, 'GET', 'GET'],
      [303, 'POST', 'GET'],
      [301, 'POST', 'GET'],
      [302, 'POST', 'GET'],
      [307, 'POST', 'POST'],
      [308, 'POST', 'POST'],
    ]) {
      it(`follows a ${code} redirect of a ${method} request with a ${expected}`, async function () {
        const recording = start({ url: at(`/redirect?code=${code}`), method });
        await recording.until((r) => r.text().includes('data: 3'));
        assert.deepEqual(
          logged().map((r) => [r.pathname, r.method]),
          [
            ['/redirect', method],
            ['/counter', expected],
          ],
        );
      });
    }

    it('drops Authorization and Cookie on a redirect to another origin, also when the chain comes back', async function () {
      const back = at('/echo');
      const across = crossAt(`/redirect?code=302&to=${encodeURIComponent(back)}`);
      const headers = [
        ['Authorization', 'Bearer secret'],
        ['Cookie', 'a=1'],
        ['X-Kept', 'yes'],
      ];
      const recording = start({ url: at(`/redirect?code=307&to=${encodeURIComponent(across)}`), headers });
      await recording.until((r) => r.text().includes('\n\n'));
      const seen = logged().map((r) => [
        r.listener,
        r.pathname,
        r.headers.authorization,
        r.headers.cookie,
        r.headers['x-kept'],
      ]);
      assert.deepEqual(seen, [
        ['main', '/redirect', 'Bearer secret', 'a=1', 'yes'],
        ['cross', '/redirect', undefined, undefined, 'yes'],
        ['main', '/echo', undefined, undefined, 'yes'],
      ]);
    });

    it('keeps Authorization and Cookie on a redirect within the origin', async function () {
      const headers = [
        ['Authorization', 'Bearer secret'],
        ['Cookie', 'a=1'],
      ];
      const recording = start({ url: at(`/redirect?code=302&to=${encodeURIComponent(at('/echo'))}`), headers });
      await recording.until((r) => r.text().includes('\n\n'));
      assert.deepEqual(
        logged().map((r) => [r.headers.authorization, r.headers.cookie]),
        [
          ['Bearer secret', 'a=1'],
          ['Bearer secret', 'a=1'],
        ],
      );
    });

    for (const [what, to] of [
      ['a non-HTTP scheme', 'ftp://127.0.0.1/x'],
      ['a URL with credentials', 'http://user:pass@127.0.0.1:1/x'],
    ]) {
      it(`fails with a network error on a redirect to ${what}`, async function () {
        const recording = start({ url: at(`/redirect?code=302&to=${encodeURIComponent(to)}`) });
        await recording.until((r) => r.done);
        assert.deepEqual(recording.calls, [['error', null, true]]);
      });
    }

    it('reports a redirect status without Location as the response', async function () {
      const recording = start({ url: at('/raw?code=301&body=x&end=1') });
      await recording.until((r) => r.done);
      assert.deepEqual(recording.calls[0], ['response', 301, 'text/event-stream', at('/raw?code=301&body=x&end=1')]);
    });
  });

  describe('content codings', function () {
    for (const coding of ['gzip', 'br', 'deflate', 'deflate-raw']) {
      it(`decodes a ${coding} body as it streams: events arrive while the body is still open`, async function () {
        const recording = start({ url: at(`/compressed?coding=${coding}&n=3&every=30`) });
        await recording.until((r) => r.text().includes('data: 3\n\n'));
        await sleep(50);
        assert.equal(recording.text(), 'retry: 20\n\nid: 1\ndata: 1\n\nid: 2\ndata: 2\n\nid: 3\ndata: 3\n\n');
        assert.deepEqual(recording.kinds(), ['response', 'chunk'], 'nothing but chunks while the body is open');
        assert.ok(recording.calls.filter((c) => c[0] === 'chunk').length >= 3, 'one chunk per flushed event at least');
      });
    }

    it('decodes a gzip body that ends, then reports end', async function () {
      const recording = start({ url: at('/compressed?coding=gzip&n=2&every=1&end=1') });
      await recording.until((r) => r.done);
      assert.deepEqual(recording.kinds(), ['response', 'chunk', 'end']);
      assert.equal(recording.text(), 'retry: 20\n\nid: 1\ndata: 1\n\nid: 2\ndata: 2\n\n');
    });

    it('leaves the whole body undecoded when one of its codings is unknown, as fetch does', async function () {
      const recording = start({ url: at('/compressed?coding=gzip&encoding=gzip,%20identity&n=1') });
      await recording.until((r) => r.bytes().length >= 2);
      assert.deepEqual([...recording.bytes().subarray(0, 2)], [0x1f, 0x8b]);
    });
  });

  describe('abort()', function () {
    it('reports nothing after abort() in the middle of the body, and closes the connection', async function () {
      const recording = start({ url: at('/tick?interval=10') });
      await recording.until((r) => r.calls.some((c) => c[0] === 'chunk'));
      recording.abort();
      const reported = recording.calls.length;
      await settled('/tick');
      assert.equal(recording.calls.length, reported);
      assert.equal(logged('/tick')[0].closedBy, 'client');
    });

    it('reports nothing more after abort() called from inside a chunk report', async function () {
      let recording;
      recording = start({ url: at('/tick?interval=5') }, { onChunk: () => recording.abort() });
      await recording.until((r) => r.calls.some((c) => c[0] === 'chunk'));
      await settled('/tick');
      assert.deepEqual(recording.kinds(), ['response', 'chunk']);
      assert.equal(recording.calls.length, 2);
    });

    it('reports nothing after abort() before the response, and the server sees the client leave', async function () {
      const recording = start({ url: at('/never') });
      const deadline = Date.now() + 2000;
      while (logged('/never').length === 0 && Date.now() < deadline) await sleep(5);
      recording.abort();
      await settled('/never');
      assert.deepEqual(recording.calls, []);
      assert.equal(logged('/never')[0].closedBy, 'client');
    });
  });

  describe('errors', function () {
    it('reports error(null) and no response for a port nobody listens on, with the socket error ECONNREFUSED as cause', async function () {
      const port = await freePort();
      const recording = start({ url: `http://127.0.0.1:${port}/` });
      await recording.until((r) => r.done);
      assert.deepEqual(recording.calls, [['error', null, true]]);
      assert.equal(recording.causes[0].code, 'ECONNREFUSED');
    });

    it('reports error(null) after the chunks, not end, when the connection is reset in the middle of the body', async function () {
      const recording = start({ url: at('/reset?n=2') });
      await recording.until((r) => r.done);
      assert.deepEqual(recording.kinds(), ['response', 'chunk', 'error']);
      assert.ok(recording.text().includes('data: 2\n\n'));
      assert.deepEqual(recording.calls.at(-1), ['error', null, true]);
    });

    it('reports error(null) when the server closes the connection before the body is complete', async function () {
      const recording = start({ url: at('/drop?n=1') });
      await recording.until((r) => r.done);
      assert.deepEqual(recording.kinds(), ['response', 'chunk', 'error']);
    });

    for (const [what, url] of [
      ['ftp:', 'ftp://127.0.0.1/'],
      ['data:', 'data:text/event-stream,data:%20x%0A%0A'],
      ['credentials', 'http://u:p@127.0.0.1:1/'],
    ]) {
      it(`reports error(null) later, never from inside start(), for a URL with ${what}`, async function () {
        const recording = start({ url });
        assert.deepEqual(recording.calls, []);
        await recording.until((r) => r.done);
        assert.deepEqual(recording.calls, [['error', null, true]]);
      });
    }

    it('reports error(null) for a header value node:http refuses, as fetch refuses it', async function () {
      const recording = start({ url: at('/echo'), lastEventId: 'a\u0001b' });
      await recording.until((r) => r.done);
      assert.deepEqual(recording.calls, [['error', null, true]]);
      assert.equal(logged('/echo').length, 0);
    });

    it('reports error(null) when the connection stays silent past the idle timeout', async function () {
      const recording = start({ url: at('/never'), idleTimeoutMs: 100 });
      await recording.until((r) => r.done);
      assert.deepEqual(recording.calls, [['error', null, true]]);
    });
  });

  describe('https', function () {
    let tls; // { dir, key, cert } or undefined when openssl is missing

    before(async function () {
      this.timeout(20000);
      tls = await makeSelfSignedCert();
    });
    after(async function () {
      if (tls) await rm(tls.dir, { recursive: true, force: true });
    });

    it('refuses an https server whose certificate it does not trust, as fetch does', async function () {
      if (!tls) this.skip(); // see makeSelfSignedCert: skipped only where openssl is not installed
      const secure = await startHttpsEcho(tls);
      try {
        const recording = start({ url: `${secure.origin}/` });
        await recording.until((r) => r.done);
        assert.deepEqual(recording.calls, [['error', null, true]]);
        assert.equal(recording.causes[0].code, 'DEPTH_ZERO_SELF_SIGNED_CERT', 'the TLS error is the cause');
      } finally {
        await secure.close();
      }
    });

    it('streams from an https server it trusts through NODE_EXTRA_CA_CERTS, offering br as fetch does over https', async function () {
      if (!tls) this.skip();
      const secure = await startHttpsEcho(tls);
      try {
        const out = await runTransportChild(`${secure.origin}/`, { NODE_EXTRA_CA_CERTS: join(tls.dir, 'cert.pem') });
        const { calls, text } = JSON.parse(out);
        assert.deepEqual(calls[0], ['response', 200, 'text/event-stream', `${secure.origin}/`]);
        assert.deepEqual(JSON.parse(text.replace(/^data: /, '')), {
          accept: 'text/event-stream',
          'accept-encoding': 'br, gzip, deflate',
          'last-event-id': 'x',
        });
      } finally {
        await secure.close();
      }
    });
  });
});

/** A throwaway self-signed certificate for 127.0.0.1, made with openssl; undefined if openssl is missing. */
async function makeSelfSignedCert() {
  const dir = await mkdtemp(join(tmpdir(), 'sse-tls-'));
  const args = [
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-days',
    '1',
    '-subj',
    '/CN=127.0.0.1',
    '-addext',
    'subjectAltName=IP:127.0.0.1',
    '-keyout',
    join(dir, 'key.pem'),
    '-out',
    join(dir, 'cert.pem'),
  ];
  const made = await new Promise((resolve) => execFile('openssl', args, { timeout: 15000 }, (error) => resolve(error)));
  if (made?.code === 'ENOENT') {
    console.warn('    (openssl is not installed: the https tests are skipped)');
    await rm(dir, { recursive: true, force: true });
    return undefined;
  }
  if (made) throw made;
  return { dir, key: await readFile(join(dir, 'key.pem')), cert: await readFile(join(dir, 'cert.pem')) };
}

/** An https server on 127.0.0.1 answering one event with the request's Accept, Accept-Encoding and Last-Event-ID. */
async function startHttpsEcho({ key, cert }) {
  const sockets = new Set();
  const secure = https.createServer({ key, cert }, (req, res) => {
    const { accept, 'accept-encoding': acceptEncoding, 'last-event-id': lastEventId } = req.headers;
    res.writeHead(200, { 'Content-Type': 'text/event-stream' });
    res.end(`data: ${JSON.stringify({ accept, 'accept-encoding': acceptEncoding, 'last-event-id': lastEventId })}\n\n`);
  });
  secure.on('secureConnection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  secure.on('tlsClientError', () => {}); // the untrusting client hangs up mid-handshake
  await new Promise((resolve) => secure.listen(0, '127.0.0.1', resolve));
  return {
    origin: `https://127.0.0.1:${secure.address().port}`,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        secure.close(() => resolve());
      }),
  };
}

/** Runs one transport request in a child Node (whose environment `env` extends); resolves with its JSON report. */
function runTransportChild(url, env) {
  const transportUrl = pathToFileURL(
    fileURLToPath(new URL('../../js/transports/node-http-transport.js', import.meta.url)),
  ).href;
  const script = `
    import { startNodeHttpRequest } from ${JSON.stringify(transportUrl)};
    const calls = [];
    let text = '';
    const done = () => console.log(JSON.stringify({ calls, text }));
    startNodeHttpRequest({ url: process.env.SSE_URL, lastEventId: 'x' }, {
      response: (status, type, url) => calls.push(['response', status, type, url]),
      chunk: (bytes) => { text += new TextDecoder().decode(bytes); },
      end: () => { calls.push(['end']); done(); },
      error: (refused) => { calls.push(['error', refused]); done(); },
    });`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      env: { ...process.env, ...env, SSE_URL: url },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (code === 0 && stdout.trim() !== '') resolve(stdout.trim());
      else reject(new Error(`child exited with ${code}: ${stdout}${stderr}`));
    });
  });
}
