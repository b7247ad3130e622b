// The demo server (npm start) against hostile clients, in a process of its own as a user runs it: bad
// percent-encoding, huge and invalid headers, slow-loris, too many streams, a reader that never reads,
// and a handler that throws. After all of it the same process still serves pages and streams.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { guardRequests } from '../../demo/request-guard.js';
import { MAX_STREAMS_PER_CLIENT } from '../../demo/stream-registry.js';
import { seededRandom } from './helpers/seeded-random.js';

const SERVER = fileURLToPath(new URL('../../demo/server.js', import.meta.url));
const START_MS = 5000;
const ANSWER_MS = 3000; // any one request's answer
const HEADERS_TIMEOUT_MS = 1000; // the spawned server's, so slow-loris is cut within about a second
const MAX_BUFFERED_BYTES = 64 * 1024; // the spawned server's bound on a slow reader's unsent bytes
const CHAT_TEXT = '😀'.repeat(500); // the longest message: 2,000 bytes of UTF-8
const POSTS_PER_ADDRESS = 5; // the chat's burst per client address
const MAX_FLOOD_ADDRESSES = 1000; // bounds the slow-reader test: 5,000 messages, about 10 MiB

const statusOf = (text) => Number(/^HTTP\/1\.[01] (\d{3}) /.exec(text)?.[1] ?? NaN);

describe('demo server against hostile clients (its own process)', function () {
  this.timeout(20000);
  let child;
  let port;
  let stderr = '';
  let hostile = 0; // hostile requests sent, for the summary line

  before(async () => {
    child = spawn(process.execPath, [SERVER], {
      env: {
        ...process.env,
        PORT: '0',
        DEMO_HEADERS_TIMEOUT_MS: String(HEADERS_TIMEOUT_MS),
        DEMO_REQUEST_TIMEOUT_MS: '3000',
        DEMO_MAX_BUFFERED_BYTES: String(MAX_BUFFERED_BYTES),
        DEMO_DRAIN_TIMEOUT_MS: '1000',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stderr.setEncoding('utf8').on('data', (text) => {
      stderr += text;
    });
    const url = await new Promise((resolve, reject) => {
      let out = '';
      const timer = setTimeout(
        () => reject(new Error(`no URL from the server in ${START_MS} ms: ${out}${stderr}`)),
        START_MS,
      );
      child.stdout.setEncoding('utf8').on('data', (text) => {
        out += text;
        const match = /eventsource-wasm demo: (http:\S+)/.exec(out);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      });
      child.once('exit', (code) => reject(new Error(`the server exited (${code}): ${stderr}`)));
    });
    port = Number(new URL(url).port);
  });

  after(async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill();
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 3000))]);
    console.log(`      (${hostile} hostile requests)`);
  });

  /**
   * Sends raw `bytes` from `localAddress` and collects what comes back until the server closes, the
   * answer's head is in (untilHead: for streams), or timeoutMs. Resolves to { text, status, timedOut }.
   */
  function exchange(bytes, { localAddress = '127.0.0.1', untilHead = false, timeoutMs = ANSWER_MS } = {}) {
    hostile++;
    return new Promise((resolve) => {
      const socket = net.connect({ port, host: '127.0.0.1', localAddress });
      const chunks = [];
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        socket.destroy();
      }, timeoutMs);
      socket.on('data', (chunk) => {
        chunks.push(chunk);
        if (untilHead && Buffer.concat(chunks).includes('\r\n\r\n')) socket.destroy();
      });
      socket.on('error', () => {}); // a reset after the answer is fine: the answer is what is checked
      socket.on('close', () => {
        clearTimeout(timer);
        const text = Buffer.concat(chunks).toString('latin1');
        resolve({ text, status: statusOf(text), timedOut });
      });
      socket.write(Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes, 'latin1'));
    });
  }

  /** Runs `jobs` (functions returning promises) at most `width` at a time; resolves to their results. */
  async function pooled(jobs, width = 8) {
    const results = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: width }, async () => {
        while (next < jobs.length) {
          const i = next++;
          results[i] = await jobs[i]();
        }
      }),
    );
    return results;
  }

  const get = (target, headers = '') => `GET ${target} HTTP/1.1\r\nHost: x\r\n${headers}Connection: close\r\n\r\n`;
  const decodable = (text) => {
    try {
      decodeURIComponent(text);
      return true;
    } catch {
      return false;
    }
  };

  it('answers 400 to paths with broken percent-encoding and 404 to the rest, 100 of them', async () => {
    const random = seededRandom(1);
    const PIECES = [
      '%',
      '%E0',
      '%A4',
      '%A',
      '%ZZ',
      '%0',
      '%00',
      '%FF',
      '%C0%AF',
      '%ED%A0%80',
      '%F4%90%80%80',
      '..',
      '%2e%2e',
      '%2F',
      '%2F..%2F..',
      'a',
      '%25',
      '%E2%82%AC',
      '%%',
    ];
    const PREFIXES = ['/', '/js/', '/dist/', '/fixtures/', '/chat/', '/events/'];
    const paths = ['/%E0%A4%A', '/js/%E0%A4%A.js', '/%', '/%ZZ', '/%ED%A0%80.html', '/fixtures/%FF.json'];
    while (paths.length < 100) {
      const pieces = Array.from(
        { length: 1 + Math.floor(random() * 5) },
        () => PIECES[Math.floor(random() * PIECES.length)],
      );
      paths.push(`${PREFIXES[Math.floor(random() * PREFIXES.length)]}zz-${pieces.join('')}`); // zz-: never a real file
    }
    const answers = await pooled(paths.map((path) => () => exchange(get(path))));
    answers.forEach((answer, i) => {
      const pathname = new URL(paths[i], 'http://localhost').pathname; // as the server sees it
      const expected = decodable(pathname) ? 404 : 400;
      assert.equal(answer.status, expected, `${paths[i]}: ${answer.timedOut ? 'no answer' : answer.text.slice(0, 80)}`);
    });
    assert.ok(
      answers.filter((answer) => answer.status === 400).length >= 20,
      'the set should have many broken escapes',
    );
  });

  it('answers stream and API routes with broken percent-encoding in their queries, 40 of them, never with 5xx', async () => {
    const random = seededRandom(2);
    const ROUTES = [
      '/events/clock',
      '/legacy/server-time',
      '/chat/stream',
      '/chat/legacy-stream',
      '/wall/stream',
      '/wall/history',
      '/conformance/stream',
    ];
    const VALUES = ['%E0%A4%A', '%', '%ZZ', '%00', '%0A%0D', '%ED%A0%80', '%C0%AF', 'a%', '%E2%82%AC', '1e999', '-1'];
    const jobs = [];
    for (let i = 0; i < 36; i++) {
      const route = ROUTES[i % ROUTES.length];
      const value = () => VALUES[Math.floor(random() * VALUES.length)];
      const target = `${route}?client=${value()}&nick=${value()}&set=${value()}&case=${value()}&${value()}=${value()}`;
      // Each from an address of its own: the point here is decoding, not the per-address limits.
      jobs.push(() =>
        exchange(get(target, `Last-Event-ID: ${value()}\r\n`), { localAddress: `127.0.2.${i + 1}`, untilHead: true }),
      );
    }
    for (const [i, path] of [
      '/chat/messages?client=%E0%A4%A',
      '/wall/status?client=%',
      '/api/completions?%ZZ',
      '/drop?client=%ED%A0%80',
    ].entries()) {
      const body = path.startsWith('/wall') ? '{"user":"fuzz","text":"hi"}' : '{"nick":"fuzz","text":"hi"}';
      const request = `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`;
      jobs.push(() => exchange(request, { localAddress: `127.0.2.${100 + i}` }));
    }
    const answers = await pooled(jobs);
    for (const answer of answers) {
      assert.ok([200, 201, 400, 401, 404].includes(answer.status), `${answer.status}: ${answer.text.slice(0, 120)}`);
    }
    // A nick that decodes to control characters is refused; the clock streams whatever its query.
    assert.ok(answers.some((answer) => answer.status === 200 && /text\/event-stream/.test(answer.text)));
  });

  it('answers 400, 414 or 431 to invalid request lines and headers, 100 KiB headers among them', async () => {
    const big = 'a'.repeat(100 * 1024);
    const cases = [
      [get('/', `X-Big: ${big}\r\n`), [431]],
      [get(`/${big}`), [414, 431]],
      [get('/', Array.from({ length: 3000 }, (_, i) => `X-${i}: y\r\n`).join('')), [431]],
      ['GET / HTTP/1.1\r\nHost: x\r\nBad Header: y\r\n\r\n', [400]],
      ['GET / HTTP/1.1\r\nHost: x\r\nX: a\x00b\r\n\r\n', [400]],
      ['GET / HTTP/1.1\r\nHost: x\r\nX: a\rb\r\n\r\n', [400]],
      ['GET / HTTP/1.1\r\nHost: x\r\n: empty\r\n\r\n', [400]],
      ['GET / HTTP/1.1\r\nHost: x\r\nX\x7f: a\r\n\r\n', [400]],
      ['GET / HTTP/1.1\r\nHost: x\r\nX\xff: a\r\n\r\n', [400]],
      ['GET / HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n', [400]],
      ['GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n', [400]],
      ['POST /chat/messages HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n', [400]],
      ['GET / HTTP/1.1\r\n\r\n', [400]], // no Host
      ['GET /\x01 HTTP/1.1\r\nHost: x\r\n\r\n', [400]],
      ['GET /\xe9 HTTP/1.1\r\nHost: x\r\n\r\n', [400]],
      ['GET / HTTP/9.9\r\nHost: x\r\n\r\n', [400, 505]],
      ['\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03', [400]], // a TLS ClientHello
      ['GET http://[ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n', [400]],
      ['GET \x00 HTTP/1.1\r\nHost: x\r\n\r\n', [400]],
      ['BREW / HTTP/1.1\r\nHost: x\r\n\r\n', [400, 405]],
    ];
    const answers = await pooled(
      cases.map(
        ([request]) =>
          () =>
            exchange(request),
      ),
    );
    answers.forEach((answer, i) => {
      const [request, expected] = cases[i];
      assert.ok(
        expected.includes(answer.status),
        `${JSON.stringify(request.slice(0, 60))}: ${answer.timedOut ? 'no answer' : answer.text.slice(0, 80)}`,
      );
    });
  });

  it('cuts slow-loris clients (headers a byte at a time) after its headers timeout, serving others meanwhile', async () => {
    const LORIS = 4;
    const start = Date.now();
    const loris = Array.from(
      { length: LORIS },
      (_, i) =>
        new Promise((resolve) => {
          hostile++;
          const socket = net.connect({ port, host: '127.0.0.1', localAddress: `127.0.3.${i + 1}` });
          const bytes = Buffer.from(`GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ${'s'.repeat(200)}`);
          let sent = 0;
          let answer = '';
          const drip = setInterval(() => {
            if (sent < bytes.length) socket.write(bytes.subarray(sent, ++sent));
          }, 50);
          const limit = setTimeout(() => socket.destroy(), 4 * HEADERS_TIMEOUT_MS); // the test's own bound
          socket.on('data', (chunk) => {
            answer += chunk;
          });
          socket.on('error', () => {});
          socket.on('close', () => {
            clearInterval(drip);
            clearTimeout(limit);
            resolve({ ms: Date.now() - start, sent, status: statusOf(answer) });
          });
        }),
    );
    // While they drip, an ordinary page load is answered at once.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const page = await exchange(get('/'));
    assert.equal(page.status, 200);
    assert.ok(Date.now() - start < HEADERS_TIMEOUT_MS, 'the page waited for the slow clients');
    for (const { ms, sent, status } of await Promise.all(loris)) {
      assert.equal(status, 408, `a slow client was not timed out (${sent} bytes sent in ${ms} ms)`);
      assert.ok(ms < 3 * HEADERS_TIMEOUT_MS, `a slow client was cut after ${ms} ms`);
    }
  });

  /** Opens /events/clock from `localAddress`; resolves to { status, socket } once the head is in. */
  function openClock(localAddress) {
    hostile++;
    return new Promise((resolve, reject) => {
      const socket = net.connect({ port, host: '127.0.0.1', localAddress });
      let head = '';
      const timer = setTimeout(() => reject(new Error(`no answer to ${localAddress}`)), ANSWER_MS);
      socket.on('data', (chunk) => {
        head += chunk;
        if (head.includes('\r\n\r\n')) {
          clearTimeout(timer);
          socket.removeAllListeners('data');
          socket.resume();
          resolve({ status: statusOf(head), socket });
        }
      });
      socket.on('error', () => {});
      socket.write(get('/events/clock?client=same').replace('Connection: close\r\n', ''));
    });
  }

  it(`answers 429 to the stream after ${MAX_STREAMS_PER_CLIENT} open ones from one address, and serves other addresses`, async () => {
    const streams = [];
    try {
      for (let i = 0; i < MAX_STREAMS_PER_CLIENT; i++) streams.push(await openClock('127.0.4.1'));
      assert.deepEqual(
        streams.map((s) => s.status),
        Array(MAX_STREAMS_PER_CLIENT).fill(200),
      );
      const over = await openClock('127.0.4.1');
      streams.push(over);
      assert.equal(over.status, 429);
      const other = await openClock('127.0.4.2');
      streams.push(other);
      assert.equal(other.status, 200);
    } finally {
      for (const { socket } of streams) socket.destroy();
    }
    // Closed streams no longer count: the address may open one again (the server sees the close soon).
    let again;
    for (const end = Date.now() + ANSWER_MS; Date.now() < end;) {
      again = await openClock('127.0.4.1');
      again.socket.destroy();
      if (again.status === 200) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.equal(again.status, 200);
  });

  it('drops a chat stream that is never read, once Node holds more than its bound for it, and counts posts per address', async function () {
    this.timeout(15000);
    const slow = net.connect({ port, host: '127.0.0.1', localAddress: '127.0.5.1' });
    slow.on('error', () => {});
    await new Promise((resolve) => slow.once('connect', resolve));
    slow.write(get('/chat/stream?client=slow').replace('Connection: close\r\n', ''));
    slow.pause(); // never reads: everything sent to it waits in the kernel, then in Node
    await new Promise((resolve) => setTimeout(resolve, 200));
    const dropped = () => stderr.includes('dropped a stream of 127.0.5.1');
    const body = JSON.stringify({ nick: 'flood', text: CHAT_TEXT });
    // One more post than the burst, each with another ?client=: the limit is the address's, not the query's.
    const posts = Array.from(
      { length: POSTS_PER_ADDRESS + 1 },
      (_, i) =>
        `POST /chat/messages?client=c${i} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    ).join('');
    let accepted = 0;
    let addresses = 0;
    let after = 0; // batches posted since the drop: none of them may reach the dropped reader
    const start = Date.now();
    let ms = null;
    while (after < 5 && addresses < MAX_FLOOD_ADDRESSES) {
      if (dropped()) {
        ms ??= Date.now() - start;
        after++;
      }
      const batch = Array.from({ length: 8 }, (_, i) => addresses + i);
      addresses += batch.length;
      const answers = await Promise.all(
        batch.map((n) => postPipelined(posts, `127.0.${6 + Math.floor(n / 250)}.${(n % 250) + 1}`)),
      );
      for (const statuses of answers) {
        assert.deepEqual(statuses, [...Array(POSTS_PER_ADDRESS).fill(201), 429], 'five posts per address, then 429');
        accepted += POSTS_PER_ADDRESS;
      }
    }
    assert.ok(
      dropped(),
      `the slow reader was not dropped after ${accepted} messages (${addresses} addresses)\n${stderr}`,
    );
    assert.ok(ms < 10000, `dropped only after ${ms} ms`);
    // What the slow reader gets when it finally reads: what the kernel held, then the end, not every message.
    slow.resume();
    let received = 0;
    const ended = await new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), 5000);
      slow.on('data', (chunk) => {
        received += chunk.length;
      });
      slow.on('close', () => {
        clearTimeout(timer);
        resolve(true);
      });
    });
    assert.ok(ended, 'the dropped stream did not end');
    // Each message went out as `id:`, `event:` and its JSON with an id and a time: more than its body.
    const sent = accepted * (Buffer.byteLength(body) + 50);
    assert.ok(received < sent, `received ${received} bytes of ${sent}: nothing was dropped`);
    console.log(
      `      (dropped after ${accepted} messages from ${addresses} addresses in ${ms} ms; it had read ${received} of ${sent} bytes)`,
    );
  });

  /** Sends pipelined `requests` from `localAddress`; resolves to the statuses of the answers. */
  function postPipelined(requests, localAddress) {
    hostile += POSTS_PER_ADDRESS + 1;
    return new Promise((resolve, reject) => {
      const socket = net.connect({ port, host: '127.0.0.1', localAddress });
      let text = '';
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`no answers for ${localAddress}: ${text.slice(0, 200)}`));
      }, ANSWER_MS);
      socket.setEncoding('latin1');
      socket.on('data', (chunk) => {
        text += chunk;
        const statuses = [...text.matchAll(/HTTP\/1\.1 (\d{3}) /g)].map((m) => Number(m[1]));
        if (statuses.length === POSTS_PER_ADDRESS + 1 && /\r\n\r\n[^]*\}$/.test(text)) {
          clearTimeout(timer);
          socket.destroy();
          resolve(statuses);
        }
      });
      socket.on('error', () => {});
      socket.write(requests);
    });
  }

  it('still serves GET / and streams /events/clock after all of it, from the same process, with no handler failure logged', async () => {
    assert.equal(child.exitCode, null, 'the server process exited');
    assert.equal(child.signalCode, null);
    const page = await fetch(`http://127.0.0.1:${port}/`);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /conformance-page\.js/);
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), ANSWER_MS);
    try {
      const clock = await fetch(`http://127.0.0.1:${port}/events/clock`, { signal: abort.signal });
      assert.equal(clock.status, 200);
      let text = '';
      for await (const chunk of clock.body) {
        text += Buffer.from(chunk).toString();
        if (/^data: \d{4}-/m.test(text)) break;
      }
      assert.match(text, /^id: 1\ndata: \d{4}-\d\d-\d\dT/m);
    } finally {
      clearTimeout(timer);
      abort.abort();
    }
    assert.doesNotMatch(stderr, /failed:|Uncaught|Error \[|TypeError|URIError/, stderr);
  });
});

describe('demo request guard', function () {
  let server;
  let base;
  const logs = [];

  before(async () => {
    server = http.createServer(
      guardRequests(
        async (req, res, url) => {
          if (url.pathname === '/sync') throw new Error('thrown');
          if (url.pathname === '/async') return Promise.reject(new Error('rejected'));
          res.writeHead(200, { 'Content-Type': 'text/event-stream' });
          res.write('data: begun\n\n');
          await new Promise((resolve) => setTimeout(resolve, 20));
          throw new Error('late');
        },
        (text) => logs.push(text),
      ),
    );
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${server.address().port}`;
  });
  after(() => new Promise((resolve) => server.close(resolve)));

  it('answers 500 to a handler that throws or rejects before answering, and logs each once', async () => {
    for (const path of ['/sync', '/async']) {
      const response = await fetch(`${base}${path}`);
      assert.equal(response.status, 500, path);
      assert.equal(await response.text(), 'internal error\n');
    }
    assert.equal(logs.length, 2, logs.join('\n'));
    assert.match(logs[0], /GET \/sync failed: Error: thrown/);
    assert.match(logs[1], /GET \/async failed: Error: rejected/);
  });

  it('destroys the socket of a handler that fails after its answer began', async () => {
    const response = await fetch(`${base}/late`);
    assert.equal(response.status, 200);
    await assert.rejects(response.text(), /terminated|other side closed|socket/i);
    assert.equal(logs.length, 3);
    assert.match(logs[2], /GET \/late failed: Error: late/);
  });

  it('still answers after the failures', async () => {
    const response = await fetch(`${base}/sync`);
    assert.equal(response.status, 500);
    await response.arrayBuffer();
  });
});
