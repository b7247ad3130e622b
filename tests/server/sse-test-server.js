// Route-based text/event-stream server on loopback for the end-to-end and browser tests (Node built-ins only).
//
// Every route is parametrised through its query string, so a test states the stream it wants in the URL.
// Routes that behave differently on a reconnect count "attempts": the number of GET requests received so
// far for the exact same path and query in the same session (give each test its own session or `key=`).
//
// Sessions: a path may start with `/s/<session>/`; the prefix is stripped before routing and the request
// is recorded with that session, so one long-lived server serves many tests (and browsers) without
// their request logs or attempt counts mixing. `GET /__requests?session=<id>` returns a session's log as
// JSON, for code that cannot read `requests` directly (a browser page).
//
// CORS: every response allows the request's Origin with credentials unless the query says otherwise:
// `cors=none` (no CORS headers), `cors=star` (`*`, no credentials), `cors=origin` (the Origin, without
// `Access-Control-Allow-Credentials`). Preflights (OPTIONS) follow the same parameter; `preflight=deny`
// makes them allow no request headers.
//
// Every response closes its connection, so a browser never reuses a socket: Chromium silently retries a
// request whose reused socket dies before the response, which would hide the network-error route's
// failures and skew attempt counts.
//
// Each logged request also records when it arrived (`receivedAt`, ms since the epoch) and, once its
// response is over, when and by whom it was closed (`closedAt`, `closedBy`: 'server' when the route
// ended the body or destroyed the socket, 'client' when the client went away first). Tests use them to
// see that a client closed a connection, and how long it waited before reconnecting.
//
// The legacy routes (`/legacy/...`) answer in the Opera 9 (2006) format, application/x-dom-event-stream.
//
// The transport routes (`/redirect-chain`, `/compressed`, `/reset`, `/echo-bytes`) exercise what a Node
// HTTP client must do itself (tests/js/node-http-transport.test.js); browsers run them too.
import http from 'node:http';
import https from 'node:https';
import zlib from 'node:zlib';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';

const SSE_TYPE = 'text/event-stream';
const LEGACY_TYPE = 'application/x-dom-event-stream';
const BOM = '\uFEFF';
const SNIFF_PAD = 1100; // bytes: more than Chromium's 1024-byte MIME sniffing window (see /content-type)
const SESSION_PREFIX = /^\/s\/([A-Za-z0-9_.-]{1,80})(\/.*)$/;
const MAX_LOGGED_REQUESTS = 100000; // a bound on the log; tests make a few thousand requests at most
const MAX_BODY = 64 * 1024; // request body bytes kept (and logged) per request
const MIME_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
};

/**
 * Starts a test server on 127.0.0.1 with an ephemeral port.
 * @param {object} [options]
 * @param {boolean} [options.crossOrigin] Also listen on a second port: the same routes, request log and
 *   sessions under a second origin (`http://127.0.0.1:<other port>`: cross-origin but same-site).
 * @param {Record<string, string>} [options.staticDirs] URL path prefix (e.g. '/js/') → absolute directory;
 *   GET requests under a prefix that is not a route are served from that directory (main origin only).
 * @param {object} [options.https] node:https server options ({ key, cert, ca, requestCert... }): serve the
 *   same routes over TLS (origins then https:).
 * @returns {Promise<{origin: string, url: (path: string) => string, crossOrigin: string | null,
 *   crossOriginUrl: (path: string) => string, close: () => Promise<void>,
 *   requests: Array<{method: string, path: string, pathname: string, headers: object, session: string,
 *     listener: 'main' | 'cross', receivedAt: number, closedAt: number | null,
 *     closedBy: 'server' | 'client' | null}>, sessionRequests: (session: string) => Array<object>}>}
 *   `requests` records every routed request in arrival order; `close()` destroys open sockets, so it
 *   never hangs.
 */
export async function startServer({ crossOrigin = false, staticDirs = {}, https: tls } = {}) {
  const ctx = { requests: [], timers: new Set(), sockets: new Set(), staticDirs, servers: [], hubs: new Map(), tls };
  const origin = await listen(ctx, 'main');
  const other = crossOrigin ? await listen(ctx, 'cross') : null;
  const urlOn = (base) => (path) => {
    if (base === null) throw new Error('this server was started without crossOrigin: true');
    return new URL(path, base).href;
  };
  return {
    origin,
    url: urlOn(origin),
    crossOrigin: other,
    crossOriginUrl: urlOn(other),
    requests: ctx.requests,
    sessionRequests: (session) => ctx.requests.filter((r) => r.session === session),
    close: () => closeServer(ctx),
  };
}

async function listen(ctx, listener) {
  const handler = (req, res) => handle(ctx, listener, req, res);
  const server = ctx.tls ? https.createServer(ctx.tls, handler) : http.createServer(handler);
  server.on('tlsClientError', () => {}); // a client that does not trust the certificate hangs up
  server.on('connection', (socket) => {
    socket.setNoDelay(true); // one write, one TCP segment: the trickle route relies on it
    ctx.sockets.add(socket);
    socket.on('close', () => ctx.sockets.delete(socket));
  });
  ctx.servers.push(server);
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  return `${ctx.tls ? 'https' : 'http'}://127.0.0.1:${server.address().port}`;
}

function closeServer(ctx) {
  for (const timer of ctx.timers) clearTimeout(timer);
  ctx.timers.clear();
  for (const socket of ctx.sockets) socket.destroy();
  return Promise.all(ctx.servers.map((server) => new Promise((resolve) => server.close(() => resolve()))));
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
  '/flaky': flaky,
  '/raw': raw,
  '/whole': whole,
  '/set-cookie': setCookie,
  '/redirect-chain': redirectChain,
  '/compressed': compressed,
  '/reset': reset,
  '/echo-bytes': echoBytes,
  '/echo-request': echoRequest,
  '/chat': chat,
  '/hub': hub,
  '/publish': publish,
  '/legacy/server-time': legacyServerTime,
  '/legacy/ticks': legacyTicks,
  '/legacy/switch': legacySwitch,
};

function handle(ctx, listener, req, res) {
  res.shouldKeepAlive = false; // see the file comment: no socket reuse, no silent browser retries
  const url = new URL(req.url, 'http://placeholder');
  if (url.pathname === '/__requests') return requestLog(ctx, req, res, url.searchParams);
  const scoped = SESSION_PREFIX.exec(url.pathname);
  const session = scoped ? scoped[1] : '';
  const path = scoped ? req.url.slice(`/s/${session}`.length) : req.url;
  const pathname = scoped ? scoped[2] : url.pathname;
  const q = url.searchParams;
  const route = ROUTES[pathname];
  if (!route && !scoped && req.method === 'GET' && listener === 'main') {
    const served = serveStatic(ctx.staticDirs, pathname, res);
    if (served) return served;
  }
  let entry = null;
  if (ctx.requests.length < MAX_LOGGED_REQUESTS) {
    entry = {
      method: req.method,
      path,
      pathname,
      headers: { ...req.headers },
      body: '',
      session,
      listener,
      receivedAt: Date.now(),
      closedAt: null,
      closedBy: null,
    };
    ctx.requests.push(entry);
    res.once('close', () => {
      entry.closedAt = Date.now();
      entry.closedBy = res.writableFinished || req.destroyedByServer ? 'server' : 'client';
    });
  }
  if (req.method === 'OPTIONS') return preflight(req, res);
  if (!route) {
    res.writeHead(404, { 'Content-Type': 'text/plain', ...cors(req) });
    return res.end(`no route ${pathname}\n`);
  }
  // Attempts count the requests of the same method (a POST stream's reconnections are POSTs).
  const attempt = ctx.requests.filter(
    (r) => r.method === req.method && r.path === path && r.session === session,
  ).length;
  const prefix = scoped ? `/s/${session}` : '';
  if (req.method === 'GET' || req.method === 'HEAD') return route({ ctx, req, res, q, attempt, prefix, body: '' });
  // A request with a body: read it first (at most MAX_BODY bytes kept, as UTF-8 text), and log it.
  const parts = [];
  let size = 0;
  req.on('data', (chunk) => {
    if (size < MAX_BODY) parts.push(chunk);
    size += chunk.length;
  });
  req.on('end', () => {
    const body = Buffer.concat(parts).subarray(0, MAX_BODY).toString('utf8');
    if (entry !== null) entry.body = body;
    route({ ctx, req, res, q, attempt, prefix, body });
  });
}

/** `GET /__requests?session=<id>`: that session's recorded requests as JSON, oldest first. */
function requestLog(ctx, req, res, q) {
  const session = q.get('session') ?? '';
  const body = JSON.stringify(ctx.requests.filter((r) => r.session === session));
  res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', ...cors(req) });
  res.end(body);
}

/** Serves a file under one of the static prefixes; returns undefined when no prefix matches. */
function serveStatic(staticDirs, pathname, res) {
  const prefix = Object.keys(staticDirs).find((p) => pathname.startsWith(p));
  if (prefix === undefined) return undefined;
  let relative;
  try {
    relative = normalize(decodeURIComponent(pathname.slice(prefix.length)));
  } catch {
    relative = '..';
  }
  const type = MIME_TYPES[extname(relative)];
  if (relative.startsWith('..') || relative.includes(`${sep}..`) || type === undefined) {
    res.writeHead(404, { 'Content-Type': 'text/plain' });
    return res.end('not found\n');
  }
  return readFile(join(staticDirs[prefix], relative)).then(
    (body) => {
      // no-cache, not no-store: a page served no-store never enters the back/forward cache (the
      // lifecycle tests need it to); with no validators, no-cache still refetches every time.
      res.writeHead(200, { 'Content-Type': type, 'Content-Length': body.length, 'Cache-Control': 'no-cache' });
      res.end(body);
    },
    () => {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      res.end('not found\n');
    },
  );
}

// CORS headers as the query's `cors` parameter asks (see the file comment); by default the request's
// Origin is allowed with credentials, so cross-origin redirects and Last-Event-ID preflights succeed.
function cors(req) {
  const origin = req.headers.origin;
  switch (new URL(req.url, 'http://placeholder').searchParams.get('cors') ?? '') {
    case 'none':
      return {};
    case 'star':
      return { 'Access-Control-Allow-Origin': '*' };
    case 'origin':
      return { 'Access-Control-Allow-Origin': origin ?? '*' };
    default:
      return origin
        ? { 'Access-Control-Allow-Origin': origin, 'Access-Control-Allow-Credentials': 'true' }
        : { 'Access-Control-Allow-Origin': '*' };
  }
}

// A preflight allows every requested header, unless the query says `preflight=deny`: then it allows the
// origin but no request header, so a request carrying a non-safelisted header (Last-Event-ID) is refused.
function preflight(req, res) {
  const deny = new URL(req.url, 'http://placeholder').searchParams.get('preflight') === 'deny';
  res.writeHead(204, {
    ...cors(req),
    'Access-Control-Allow-Methods': req.headers['access-control-request-method'] ?? 'GET',
    ...(deny ? {} : { 'Access-Control-Allow-Headers': req.headers['access-control-request-headers'] ?? '' }),
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

/** A valid stream that sets a 20 ms reconnection time, sends the event "good" (with `id` if given) and ends. */
function goodThenEnd(req, res, id = null) {
  startStream(req, res);
  res.end(`retry: 20\n\n${id === null ? '' : `id: ${id}\n`}data: good\n\n`);
}

/** Destroys the request's socket, recording the close as the server's (see the file comment). */
function destroyByServer(req) {
  req.destroyedByServer = true;
  req.socket.destroy();
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

// /counter?n=5&retry=20&end=1&per=2&delay=0&every=0: events `id: k`/`data: k` up to n, resuming after
// the Last-Event-ID. With `per`, each connection sends at most `per` events and then ends its body. With
// `delay`, the response starts `delay` ms after the request arrives. With `every`, one event is written
// every `every` ms instead of all at once.
function counter({ ctx, req, res, q }) {
  const delay = int(q, 'delay', 0);
  if (delay > 0) return later(ctx, delay, () => res.destroyed || counter({ ctx, req, res, q: withoutDelay(q) }));
  startStream(req, res);
  res.write(retryLine(q));
  const from = lastEventIdNumber(req) + 1;
  const per = int(q, 'per', Infinity);
  const to = Math.min(int(q, 'n', 5), from + per - 1);
  const done = () => (q.has('per') ? res.end() : finish(res, q));
  const every = int(q, 'every', 0);
  if (every > 0) return writeEvery(ctx, res, every, from, to, done);
  for (let k = from; k <= to; k++) res.write(numbered(k, k));
  done();
}

function writeEvery(ctx, res, every, k, to, done) {
  if (res.destroyed) return;
  if (k > to) return done();
  res.write(numbered(k, k));
  later(ctx, every, () => writeEvery(ctx, res, every, k + 1, to, done));
}

// /hub: the stream of the events published to the session (/publish), from the one after Last-Event-ID,
// each written to every open /hub stream of the session as it is published: a broadcast the test drives.
function hub({ ctx, req, res, prefix }) {
  const state = hubOf(ctx, prefix);
  startStream(req, res);
  res.write('retry: 50\n\n');
  for (const event of state.events.slice(lastEventIdNumber(req))) res.write(event);
  state.streams.add(res);
  res.once('close', () => state.streams.delete(res));
}

// POST /publish?n=1&drop=0: publishes n events `id: k` / `data: <body, or k>` to the session's /hub
// streams (drop=1: first ends every open one, mid-stream, as a dropped connection); answers
// { last: the last id, streams: how many /hub streams are open }.
function publish({ ctx, req, res, q, prefix, body }) {
  const state = hubOf(ctx, prefix);
  if (q.get('drop') === '1') {
    for (const stream of state.streams) stream.destroy();
    state.streams.clear();
  }
  for (let i = int(q, 'n', 1); i > 0; i--) {
    const id = state.events.length + 1;
    const event = `id: ${id}\ndata: ${body || id}\n\n`;
    state.events.push(event); // events[k - 1] is id k
    for (const stream of state.streams) stream.write(event);
  }
  res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', ...cors(req) });
  res.end(JSON.stringify({ last: state.events.length, streams: state.streams.size }));
}

function hubOf(ctx, prefix) {
  let state = ctx.hubs.get(prefix);
  if (state === undefined) ctx.hubs.set(prefix, (state = { events: [], streams: new Set() }));
  return state;
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

// /content-type?type=text/plain&good=0&end=0: status 200 with that Content-Type (`type=` sends none), then
// a comment line of SNIFF_PAD bytes and the event "café" in UTF-8; the stream stays open, or ends with
// end=1 (a refused response is then over at once: the polyfill reads a failed response's body up to its
// end, 4 KiB or 1 s, for the error's `body`). `good` works as
// for /status. The padding is for Chromium, which MIME-sniffs text/plain and untyped responses to XHR and
// EventSource requests: it holds the response back until 1024 body bytes (or the end) have arrived.
function contentType({ req, res, q, attempt }) {
  if (attempt <= int(q, 'good', 0)) return goodThenEnd(req, res);
  startStream(req, res, { type: q.get('type') || null });
  const body = Buffer.from(`:${'-'.repeat(SNIFF_PAD)}\nretry: 20\n\ndata: caf\u00e9\n\n`, 'utf8');
  if (q.get('end') === '1') res.end(body);
  else res.write(body);
}

// /redirect?code=302&to=<absolute or relative URL>: redirects (default target: a 3-event counter in the
// same session).
function redirect({ req, res, q, prefix }) {
  res.writeHead(int(q, 'code', 302), { Location: q.get('to') ?? `${prefix}/counter?n=3&retry=20`, ...cors(req) });
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
    later(ctx, 50, () => destroyByServer(req));
  });
}

// /echo?retry=20&id=abc&end=1: one event whose data is the JSON of the request headers.
function echo({ req, res, q }) {
  startStream(req, res);
  const id = q.has('id') ? `id: ${q.get('id')}\n` : '';
  res.write(retryLine(q) + id + `data: ${JSON.stringify(req.headers)}\n\n`);
  finish(res, q);
}

// /echo-request?retry=20&id=abc&end=1: one event whose data is the JSON of the request's method,
// headers and body (as UTF-8 text).
function echoRequest({ req, res, q, body }) {
  startStream(req, res);
  const id = q.has('id') ? `id: ${q.get('id')}\n` : '';
  res.write(retryLine(q) + id + `data: ${JSON.stringify({ method: req.method, headers: req.headers, body })}\n\n`);
  finish(res, q);
}

// /chat: a chat-completion style streaming API. It wants POST, `Authorization: Bearer test-key` and a
// JSON body { messages: [{ role, content }...], stream: true }; it answers 405, 401 with the JSON
// {"error":"invalid key"}, or 400 {"error":"..."} otherwise, and else streams one `data: {...}` chunk
// per word of the last message's content (its delta), then `data: [DONE]`, and ends.
export const CHAT_KEY = 'test-key';
function chat({ req, res, body }) {
  const fail = (code, error) => {
    res.writeHead(code, { 'Content-Type': 'application/json', ...cors(req) });
    res.end(JSON.stringify({ error }));
  };
  if (req.method !== 'POST') return fail(405, 'POST only');
  if (req.headers.authorization !== `Bearer ${CHAT_KEY}`) return fail(401, 'invalid key');
  let request;
  try {
    request = JSON.parse(body);
  } catch {
    return fail(400, 'the body is not JSON');
  }
  const content = request?.messages?.at?.(-1)?.content;
  if (typeof content !== 'string' || request.stream !== true) return fail(400, 'want messages and stream: true');
  startStream(req, res);
  const words = content.split(/\s+/).filter(Boolean);
  words.forEach((word, i) => {
    const chunk = {
      id: 'chat-1',
      object: 'chat.completion.chunk',
      choices: [{ index: 0, delta: { content: i === 0 ? word : ` ${word}` } }],
    };
    res.write(`data: ${JSON.stringify(chunk)}\n\n`);
  });
  res.end('data: [DONE]\n\n');
}

/** The exact bytes of /trickle: a BOM, a comment, CRLF lines, multi-byte UTF-8, CR and LF endings. */
export const TRICKLE_BODY = Buffer.from(
  BOM +
    ':hello\r\nid: \u00e91\r\ndata: caf\u00e9 \u20ac \ud83d\ude00\r\ndata: second line\r\n\r\n' +
    'event: custom\rdata: cr\r\r' +
    'data: lf\n\n',
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

// /tick?interval=20&comment=0: `id: k`/`data: k` every `interval` ms for as long as the client listens;
// with comment=1, the comment line `: k` instead (bytes, but no event).
function tick({ ctx, req, res, q }) {
  startStream(req, res);
  res.write(retryLine(q));
  const interval = int(q, 'interval', 20);
  const comments = q.get('comment') === '1';
  const send = (k) => {
    if (res.destroyed) return;
    res.write(comments ? `: ${k}\n` : numbered(k, k));
    later(ctx, interval, () => send(k + 1));
  };
  send(1);
}

// /network-error?good=0&fail=1&id=: the first `good` attempts get `retry: 20`, the event "good" (with
// `id: <id>` when given) and a clean end; the next `fail` attempts destroy the socket before any
// response (a network error); later attempts get the event "recovered" and stay open.
function networkError({ req, res, q, attempt }) {
  const good = int(q, 'good', 0);
  if (attempt <= good) return goodThenEnd(req, res, q.get('id'));
  if (attempt <= good + int(q, 'fail', 1)) return destroyByServer(req);
  startStream(req, res);
  res.write('data: recovered\n\n');
}

// /flaky?fail=2&code=503&retry-after=2&n=3&end=0: the first `fail` attempts answer status `code`
// (with `Retry-After: <retry-after>` when given) and the body "try later"; later attempts get the events
// `id: k`/`data: k` up to n, resuming after the Last-Event-ID, and stay open (`end=1`: end the body).
function flaky({ req, res, q, attempt }) {
  if (attempt <= int(q, 'fail', 1)) {
    const headers = { 'Content-Type': 'text/plain', 'Cache-Control': 'no-store', ...cors(req) };
    if (q.has('retry-after')) headers['Retry-After'] = q.get('retry-after');
    res.writeHead(int(q, 'code', 503), headers);
    return res.end('try later');
  }
  startStream(req, res);
  for (let k = lastEventIdNumber(req) + 1; k <= int(q, 'n', 3); k++) res.write(numbered(k, k));
  finish(res, q);
}

// /raw?body=<text>&end=1&type=<Content-Type>&code=200: exactly `body` (UTF-8), for one-off stream
// formats; `hex=` instead of `body=` gives the bytes in hexadecimal (for invalid UTF-8). `type` sets the
// Content-Type (default text/event-stream; `type=` sends none), e.g. application/x-dom-event-stream for
// a legacy stream. `code` sets the status; 204, 205 and 304 get no body and end at once.
function raw({ req, res, q }) {
  const code = int(q, 'code', 200);
  startStream(req, res, { code, type: q.has('type') ? q.get('type') || null : SSE_TYPE });
  if (code === 204 || code === 205 || code === 304) return res.end();
  res.write(q.has('hex') ? Buffer.from(q.get('hex'), 'hex') : Buffer.from(q.get('body') ?? '', 'utf8'));
  finish(res, q);
}

// /whole?body=<text>&delay=0: a 200 event stream of `body` (UTF-8) that ends at once, its head, body and end in
// one write: a client reads all of it in one go, as it reads a short response of a real server. With
// `delay`, the response comes `delay` ms after the request arrived.
function whole({ ctx, req, res, q }) {
  const delay = int(q, 'delay', 0);
  if (delay > 0) return later(ctx, delay, () => res.destroyed || whole({ ctx, req, res, q: withoutDelay(q) }));
  res.writeHead(200, { 'Content-Type': SSE_TYPE, 'Cache-Control': 'no-store', ...cors(req) });
  res.end(q.get('body') ?? '');
}

// /set-cookie?name=N&value=V: status 204 with `Set-Cookie: N=V; Path=/; SameSite=Lax`. Cookies are
// scoped to the host, not the port, so both listeners of this server see it.
function setCookie({ req, res, q }) {
  const cookie = `${q.get('name') ?? 'c'}=${q.get('value') ?? '1'}; Path=/; SameSite=Lax`;
  res.writeHead(204, { 'Set-Cookie': cookie, 'Cache-Control': 'no-store', ...cors(req) });
  res.end();
}

// --- transport routes ----------------------------------------------------------------------------

// /redirect-chain?hops=3&code=302&relative=0: `hops` redirects in a row, each to the same route with one
// hop fewer (an absolute URL, or with relative=1 the path-relative `redirect-chain?...`); at hops=0 a
// stream with `retry: 20` and the event "end of chain" that stays open.
function redirectChain({ req, res, q, prefix }) {
  const hops = int(q, 'hops', 3);
  if (hops <= 0) {
    startStream(req, res);
    return res.write('retry: 20\n\ndata: end of chain\n\n');
  }
  const next = new URLSearchParams(q);
  next.set('hops', String(hops - 1));
  const relative = `redirect-chain?${next}`;
  const location = q.get('relative') === '1' ? relative : `http://${req.headers.host}${prefix}/${relative}`;
  res.writeHead(int(q, 'code', 302), { Location: location, ...cors(req) });
  res.end();
}

const COMPRESSORS = {
  gzip: () => zlib.createGzip(),
  deflate: () => zlib.createDeflate(),
  'deflate-raw': () => zlib.createDeflateRaw(), // sent as `Content-Encoding: deflate`, as some servers do
  br: () => zlib.createBrotliCompress(),
};

// /compressed?coding=gzip|deflate|deflate-raw|br&n=2&every=30&end=0&encoding=<header>: events
// `id: k`/`data: k` up to n compressed with `coding`, one every `every` ms, each flushed to the socket at
// once (a compressing SSE server must flush per event); the stream stays open unless end=1.
// `encoding` overrides the Content-Encoding header (default: the coding's name).
function compressed({ ctx, req, res, q }) {
  const coding = q.get('coding') ?? 'gzip';
  const compressor = COMPRESSORS[coding]();
  res.writeHead(200, {
    'Content-Type': SSE_TYPE,
    'Cache-Control': 'no-store',
    ...cors(req),
    'Content-Encoding': q.get('encoding') ?? (coding === 'deflate-raw' ? 'deflate' : coding),
  });
  compressor.pipe(res);
  res.once('close', () => compressor.destroy());
  const n = int(q, 'n', 2);
  const send = (k) => {
    if (res.destroyed) return;
    if (k > n) return q.get('end') === '1' && compressor.end();
    compressor.write(k === 1 ? `retry: 20\n\n${numbered(1, 1)}` : numbered(k, k));
    compressor.flush(() => later(ctx, int(q, 'every', 30), () => send(k + 1)));
  };
  send(1);
}

// /reset?n=2: events 1..n, then 50 ms later the socket is reset (TCP RST) in the middle of the body.
function reset({ ctx, req, res, q }) {
  startStream(req, res);
  res.write(`retry: 20\n\n${numbered(1, int(q, 'n', 2))}`, () => {
    later(ctx, 50, () => {
      req.destroyedByServer = true;
      req.socket.resetAndDestroy();
    });
  });
}

// /echo-bytes?name=last-event-id&end=1: one event whose data is the hexadecimal of the bytes received
// as the value of header `name` (node:http reads header bytes as Latin-1, one char per byte), or
// `absent`.
function echoBytes({ req, res, q }) {
  const name = (q.get('name') ?? 'last-event-id').toLowerCase();
  const index = req.rawHeaders.findIndex((value, i) => i % 2 === 0 && value.toLowerCase() === name);
  const data = index < 0 ? 'absent' : Buffer.from(req.rawHeaders[index + 1], 'latin1').toString('hex');
  startStream(req, res);
  res.write(`data: ${data}\n\n`);
  finish(res, q);
}

// --- legacy routes (application/x-dom-event-stream, the Opera 9 format) ----------------------------

/** The `data` of a server-time event, as each 2006 seed script formats the time. */
function serverTime(style, now = Date.now()) {
  if (style === 'python') return (now / 1000).toFixed(6); // print "data: %f" % time.time()
  if (style === 'iso') return new Date(now).toISOString();
  return String(Math.floor(now / 1000)); // PHP: $time = time()
}

// /legacy/server-time?interval=1000&style=php|python|iso&count=0: the 2006 seed scripts (Opera's blog,
// 2006-09-01). `Event: server-time` and `data: <time>` right away, then every `interval` ms; `count`
// events (0: forever), then the body ends. style=php (default) sends Unix seconds as PHP's time() and
// writes each line separately like the PHP seed; style=python starts the body with the blank line the
// Python CGI seed printed after its header and sends the time as "%f". The seeds waited 3 s between
// events; the default here is 1 s to keep tests short.
function legacyServerTime({ ctx, req, res, q }) {
  startStream(req, res, { type: LEGACY_TYPE });
  const style = q.get('style') ?? 'php';
  const interval = int(q, 'interval', 1000);
  const count = int(q, 'count', 0);
  if (style === 'python') res.write('\n');
  const send = (k) => {
    if (res.destroyed) return;
    const time = serverTime(style);
    if (style === 'python') res.write(`Event: server-time\ndata: ${time}\n\n`);
    else for (const line of ['Event: server-time\n', `data: ${time}\n`, '\n']) res.write(line);
    if (count > 0 && k >= count) return res.end();
    later(ctx, interval, () => send(k + 1));
  };
  send(1);
}

// /legacy/ticks?interval=100&label=a&count=0&end=0: `Event: tick` with `data: <label> <k>` for k = 1, 2,
// ... every `interval` ms, for the element lifecycle tests (which source an event came from, and that
// a closed one stops). After `count` events (0: forever) the body ends if `end=1`, else stays open.
function legacyTicks({ ctx, req, res, q }) {
  startStream(req, res, { type: LEGACY_TYPE });
  const label = q.get('label') ?? 'tick';
  const interval = int(q, 'interval', 100);
  const count = int(q, 'count', 0);
  const send = (k) => {
    if (res.destroyed) return;
    if (count > 0 && k > count) return finish(res, q);
    res.write(`Event: tick\ndata: ${label} ${k}\n\n`);
    later(ctx, interval, () => send(k + 1));
  };
  send(1);
}

// /legacy/switch?key=K: a server that moves from text/event-stream to the legacy format. Attempt 1 is
// text/event-stream (`retry: 20`, `id: 42`, the event "standard") and ends; attempt 2 is legacy (an
// `id: 43` and a `retry: 20` line, which legacy ignores, and `Event: legacy`/`data: old`) and ends;
// later attempts are legacy (`Event: again`/`data: <attempt>`) and stay open.
function legacySwitch({ req, res, attempt }) {
  if (attempt === 1) {
    startStream(req, res);
    return res.end('retry: 20\nid: 42\ndata: standard\n\n');
  }
  startStream(req, res, { type: LEGACY_TYPE });
  if (attempt === 2) return res.end('id: 43\nretry: 20\nEvent: legacy\ndata: old\n\n');
  res.write(`Event: again\ndata: ${attempt}\n\n`);
}
