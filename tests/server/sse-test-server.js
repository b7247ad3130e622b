// Route-based text/event-stream server on 127.0.0.1 for the end-to-end tests (Node built-ins only).
//
// Every route is parametrised through its query string, so a test states the stream it wants in the URL.
// Routes that behave differently on a reconnect count "attempts": the number of GET requests received so
// far for the exact same path and query (give each test its own `key=` to keep them apart).
import http from 'node:http';

const SSE_TYPE = 'text/event-stream';
const BOM = '\uFEFF';

/**
 * Starts a test server on 127.0.0.1 with an ephemeral port.
 * @returns {Promise<{origin: string, url: (path: string) => string, close: () => Promise<void>,
 *   requests: Array<{method: string, path: string, pathname: string, headers: object}>}>}
 *   `requests` records every request in arrival order; `close()` destroys open sockets, so it never hangs.
 */
export async function startServer() {
  const ctx = { requests: [], timers: new Set(), sockets: new Set() };
  const server = http.createServer((req, res) => handle(ctx, req, res));
  server.on('connection', (socket) => {
    socket.setNoDelay(true); // one write, one TCP segment: the trickle route relies on it
    ctx.sockets.add(socket);
    socket.on('close', () => ctx.sockets.delete(socket));
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    origin,
    url: (path) => new URL(path, origin).href,
    requests: ctx.requests,
    close: () => closeServer(server, ctx),
  };
}

function closeServer(server, ctx) {
  for (const timer of ctx.timers) clearTimeout(timer);
  ctx.timers.clear();
  for (const socket of ctx.sockets) socket.destroy();
  return new Promise((resolve) => server.close(() => resolve()));
}

const ROUTES = {
  '/counter': counter,
  '/bom': bom,
  '/line-endings': lineEndings,
  '/status': status,
  '/content-type': contentType,
  '/redirect': redirect,
  '/drop': drop,
  '/echo': echo,
  '/trickle': trickle,
  '/ids': ids,
  '/id-reset': idReset,
  '/multi': multi,
  '/long-line': longLine,
  '/big-event': bigEvent,
  '/never': never,
  '/tick': tick,
  '/network-error': networkError,
  '/raw': raw,
};

function handle(ctx, req, res) {
  const url = new URL(req.url, 'http://placeholder');
  ctx.requests.push({ method: req.method, path: req.url, pathname: url.pathname, headers: { ...req.headers } });
  if (req.method === 'OPTIONS') return preflight(req, res);
  const route = ROUTES[url.pathname];
  if (!route) {
    res.writeHead(404, { 'Content-Type': 'text/plain', ...cors(req) });
    return res.end(`no route ${url.pathname}\n`);
  }
  const attempt = ctx.requests.filter((r) => r.method === 'GET' && r.path === req.url).length;
  return route({ ctx, req, res, q: url.searchParams, attempt });
}

// Permissive CORS, so a cross-origin redirect (and a Last-Event-ID preflight, if one is sent) succeeds.
function cors(req) {
  const origin = req.headers.origin;
  return origin ? { 'Access-Control-Allow-Origin': origin, 'Access-Control-Allow-Credentials': 'true' }
    : { 'Access-Control-Allow-Origin': '*' };
}

function preflight(req, res) {
  res.writeHead(204, {
    ...cors(req),
    'Access-Control-Allow-Methods': 'GET',
    'Access-Control-Allow-Headers': req.headers['access-control-request-headers'] ?? '',
  });
  res.end();
}

// --- small helpers -------------------------------------------------------------------------------

function int(q, name, fallback) {
  const value = q.get(name);
  return value === null || value === '' ? fallback : Number.parseInt(value, 10);
}

/** Sends the status line and headers right away, so the client can announce the connection. */
function startStream(req, res, { code = 200, type = SSE_TYPE } = {}) {
  const headers = { 'Cache-Control': 'no-store', ...cors(req) };
  if (type !== null) headers['Content-Type'] = type;
  res.writeHead(code, headers);
  res.flushHeaders();
}

function retryLine(q) {
  return q.has('retry') ? `retry: ${q.get('retry')}\n\n` : '';
}

/** Ends the body cleanly when the test asked for it (`end=1`); otherwise the stream stays open. */
function finish(res, q) {
  if (q.get('end') === '1') res.end();
}

function later(ctx, ms, fn) {
  const timer = setTimeout(() => {
    ctx.timers.delete(timer);
    fn();
  }, ms);
  ctx.timers.add(timer);
  return timer;
}

/** A valid stream that sets a 20 ms reconnection time, sends the event "good" and ends. */
function goodThenEnd(req, res) {
  startStream(req, res);
  res.end('retry: 20\n\ndata: good\n\n');
}

function lastEventIdNumber(req) {
  const value = Number.parseInt(req.headers['last-event-id'] ?? '', 10);
  return Number.isNaN(value) ? 0 : value;
}

function numbered(from, to) {
  let out = '';
  for (let k = from; k <= to; k++) out += `id: ${k}\ndata: ${k}\n\n`;
  return out;
}

// --- routes --------------------------------------------------------------------------------------

// /counter?n=5&retry=20&end=1&per=2&delay=0: events `id: k`/`data: k` up to n, resuming after the
// Last-Event-ID. With `per`, each connection sends at most `per` events and then ends its body. With
// `delay`, the response starts `delay` ms after the request arrives.
function counter({ ctx, req, res, q }) {
  const delay = int(q, 'delay', 0);
  if (delay > 0) return later(ctx, delay, () => res.destroyed || counter({ ctx, req, res, q: withoutDelay(q) }));
  startStream(req, res);
  res.write(retryLine(q));
  const from = lastEventIdNumber(req) + 1;
  const per = int(q, 'per', Infinity);
  const to = Math.min(int(q, 'n', 5), from + per - 1);
  for (let k = from; k <= to; k++) res.write(numbered(k, k));
  if (q.has('per')) return res.end();
  finish(res, q);
}

function withoutDelay(q) {
  const copy = new URLSearchParams(q);
  copy.delete('delay');
  return copy;
}

// /bom?count=1: `count` byte order marks, then the events `first` and `second`.
function bom({ req, res, q }) {
  startStream(req, res);
  res.write(Buffer.from(BOM.repeat(int(q, 'count', 1)) + 'data: first\n\ndata: second\n\n', 'utf8'));
  finish(res, q);
}

const EOL = { lf: ['\n'], cr: ['\r'], crlf: ['\r\n'], mixed: ['\r\n', '\r', '\n'] };

// /line-endings?style=lf|cr|crlf|mixed&tail=1: three events ("one", "two\nlines", "three" with id 3),
// every line ended by the style's terminator (mixed cycles CRLF, CR, LF). With tail=0 the write ends
// right after the final blank line, so a CR style stream ends its last event with a CR at a chunk end.
function lineEndings({ req, res, q }) {
  const eols = EOL[q.get('style') ?? 'lf'];
  const lines = ['data: one', '', 'data: two', 'data: lines', '', 'id: 3', 'data: three', ''];
  if (q.get('tail') !== '0') lines.push(':tail');
  startStream(req, res);
  res.write(lines.map((line, i) => line + eols[i % eols.length]).join(''));
  finish(res, q);
}

// /status?code=404&type=text/event-stream&good=0: the first `good` attempts get a valid stream that
// sets `retry: 20` and ends; later attempts get status `code` with a valid-looking body.
function status({ req, res, q, attempt }) {
  if (attempt <= int(q, 'good', 0)) return goodThenEnd(req, res);
  const type = q.has('type') ? q.get('type') || null : SSE_TYPE;
  startStream(req, res, { code: int(q, 'code', 404), type });
  res.end('retry: 20\n\ndata: must not be dispatched\n\n');
}

// /content-type?type=text/plain&good=0: status 200 with that Content-Type (`type=` sends none), then
// the event "café" in UTF-8; the stream stays open. `good` works as for /status.
function contentType({ req, res, q, attempt }) {
  if (attempt <= int(q, 'good', 0)) return goodThenEnd(req, res);
  startStream(req, res, { type: q.get('type') || null });
  res.write(Buffer.from('retry: 20\n\ndata: caf\u00e9\n\n', 'utf8'));
}

// /redirect?code=302&to=<absolute or relative URL>: redirects (default target: a 3-event counter).
function redirect({ req, res, q }) {
  res.writeHead(int(q, 'code', 302), { Location: q.get('to') ?? '/counter?n=3&retry=20', ...cors(req) });
  res.end();
}

// /drop?n=3&total=6&retry=20: a fresh connection gets events 1..n, then half of event n+1
// (`id: n+1`, a data line, and a data line cut off mid-line), then the socket is destroyed. A
// connection with Last-Event-ID gets the events after it up to `total` and stays open.
function drop({ ctx, req, res, q }) {
  startStream(req, res);
  res.write(retryLine(q));
  const n = int(q, 'n', 3);
  if (req.headers['last-event-id'] !== undefined) {
    return res.write(numbered(lastEventIdNumber(req) + 1, int(q, 'total', 6)));
  }
  res.write(numbered(1, n));
  res.write(`id: ${n + 1}\ndata: partial\ndata: cut-off-mid-li`, () => {
    later(ctx, 50, () => req.socket.destroy());
  });
}

// /echo?retry=20&id=abc&end=1: one event whose data is the JSON of the request headers.
function echo({ req, res, q }) {
  startStream(req, res);
  const id = q.has('id') ? `id: ${q.get('id')}\n` : '';
  res.write(retryLine(q) + id + `data: ${JSON.stringify(req.headers)}\n\n`);
  finish(res, q);
}

/** The exact bytes of /trickle: a BOM, a comment, CRLF lines, multi-byte UTF-8, CR and LF endings. */
export const TRICKLE_BODY = Buffer.from(
  BOM + ':hello\r\nid: \u00e91\r\ndata: caf\u00e9 \u20ac \ud83d\ude00\r\ndata: second line\r\n\r\n' +
    'event: custom\rdata: cr\r\r' + 'data: lf\n\n',
  'utf8',
);

// /trickle?delay=2: TRICKLE_BODY one byte per write, each write `delay` ms after the previous one.
function trickle({ ctx, req, res, q }) {
  startStream(req, res);
  const delay = int(q, 'delay', 2);
  const writeByte = (i) => {
    if (res.destroyed) return;
    if (i === TRICKLE_BODY.length) return finish(res, q);
    res.write(TRICKLE_BODY.subarray(i, i + 1));
    later(ctx, delay, () => writeByte(i + 1));
  };
  writeByte(0);
}

// /ids?key=K: attempt 1 sends id a ("first"), no id ("second"), id b ("third") and ends; attempt 2
// sends no id ("fourth"), then an id-only block `id: c`, and ends; later attempts send "fifth".
function ids({ req, res, attempt }) {
  startStream(req, res);
  if (attempt === 1) {
    return res.end('retry: 20\n\nid: a\ndata: first\n\ndata: second\n\nid: b\ndata: third\n\n');
  }
  if (attempt === 2) return res.end('data: fourth\n\nid: c\n\n');
  res.write('data: fifth\n\n');
}

// /id-reset?key=K: attempt 1 sends id x ("one"), then an empty `id:` ("two") and ends; later attempts
// send "three" without an id and stay open.
function idReset({ req, res, attempt }) {
  startStream(req, res);
  if (attempt === 1) return res.end('retry: 20\n\nid: x\ndata: one\n\nid:\ndata: two\n\n');
  res.write('data: three\n\n');
}

// /multi?n=3: events 1..n in one single write, then "late" 100 ms later; the stream stays open.
function multi({ ctx, req, res, q }) {
  startStream(req, res);
  let body = '';
  for (let k = 1; k <= int(q, 'n', 3); k++) body += `data: ${k}\n\n`;
  res.write(body);
  later(ctx, 100, () => res.destroyed || res.write('data: late\n\n'));
}

// /long-line?len=100&char=x: "ok", then one `data:` line of `len` copies of `char`, then "after".
function longLine({ req, res, q }) {
  startStream(req, res);
  const value = (q.get('char') || 'x').repeat(int(q, 'len', 100));
  res.write('retry: 20\n\ndata: ok\n\n');
  res.write(Buffer.from(`data: ${value}\n\n`, 'utf8'));
  res.write('data: after\n\n');
  finish(res, q);
}

// /big-event?lines=10&len=50: "ok", then one event of `lines` data lines of `len` bytes each, then "after".
function bigEvent({ req, res, q }) {
  startStream(req, res);
  res.write('retry: 20\n\ndata: ok\n\n');
  res.write(`data: ${'y'.repeat(int(q, 'len', 50))}\n`.repeat(int(q, 'lines', 10)) + '\n');
  res.write('data: after\n\n');
  finish(res, q);
}

// /never: reads the request and never answers; close() of the server destroys the socket.
function never() {}

// /tick?interval=20: `id: k`/`data: k` every `interval` ms for as long as the client listens.
function tick({ ctx, req, res, q }) {
  startStream(req, res);
  res.write(retryLine(q));
  const interval = int(q, 'interval', 20);
  const send = (k) => {
    if (res.destroyed) return;
    res.write(numbered(k, k));
    later(ctx, interval, () => send(k + 1));
  };
  send(1);
}

// /network-error?good=0&fail=1: the first `good` attempts get `retry: 20`, the event "good" and a
// clean end; the next `fail` attempts destroy the socket before any response (a network error);
// later attempts get the event "recovered" and stay open.
function networkError({ req, res, q, attempt }) {
  const good = int(q, 'good', 0);
  if (attempt <= good) return goodThenEnd(req, res);
  if (attempt <= good + int(q, 'fail', 1)) return req.socket.destroy();
  startStream(req, res);
  res.write('data: recovered\n\n');
}

// /raw?body=<text>&end=1: exactly `body` (UTF-8), for one-off stream formats; `hex=` instead of
// `body=` gives the bytes in hexadecimal (for invalid UTF-8).
function raw({ req, res, q }) {
  startStream(req, res);
  res.write(q.has('hex') ? Buffer.from(q.get('hex'), 'hex') : Buffer.from(q.get('body') ?? '', 'utf8'));
  finish(res, q);
}
