// Benchmark server, a child process with a core of its own: streams the workloads, and serves the browser page.
//
// Usage: fork stream-server.js <scale>; sends { ready, port } once listening on 127.0.0.1.
//   GET /stream/<workload>?mode=fast            the whole workload in 64 KiB writes, as fast as the socket takes them
//   GET /stream/<workload>?mode=paced&n=&rate=  its first n events, one write each, at `rate` events/s
//   GET /bench/page.html, /bench/browser-page.js, /dist/eventsource-wasm.js, /vendor/event-source-polyfill.js
// The streams are also served over HTTP/2 without TLS (h2c) on a second port, { h2Port }, by the same handler
// (node:http2's compatibility API), for the clients with transport: 'http2'.
// Every stream starts with `retry: 60000` (clients close after their last expected event; nothing
// should reconnect meanwhile) and stays open after its last byte until the client closes it.
import http from 'node:http';
import http2 from 'node:http2';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { onParentGone } from './children.js';
import { peerFile } from './peers.js';
import { workloads } from './workloads.js';

const FAST_WRITE = 64 * 1024;
const ROOT = new URL('../../', import.meta.url);
const STATIC = {
  '/bench/browser-page.js': 'tests/bench/browser-page.js',
  '/dist/eventsource-wasm.js': 'dist/eventsource-wasm.js',
  '/vendor/event-source-polyfill.js': pathToFileURL(peerFile('event-source-polyfill', 'src/eventsource.js')).href,
};
// The native EventSource is saved before the polyfills load: neither should replace it (event-source-polyfill
// keeps a native one that has withCredentials; eventsource-wasm's script tag installs only where none exists).
const PAGE = `<!doctype html><meta charset="utf-8"><title>eventsource-wasm bench</title>
<script>window.NativeEventSource = window.EventSource;</script>
<script src="/dist/eventsource-wasm.js"></script>
<script src="/vendor/event-source-polyfill.js"></script>
<script src="/bench/browser-page.js"></script>`;

const byKey = new Map(workloads({ scale: Number(process.argv[2] ?? 1) }).map((w) => [w.key, w]));

// The client went away: an http response is destroyed, an HTTP/2 compatibility one's stream is.
function gone(res) {
  return res.destroyed === true || res.stream?.destroyed === true;
}

async function streamFast(res, workload) {
  for (let at = 0; at < workload.bytes.length && !gone(res); at += FAST_WRITE) {
    if (!res.write(workload.bytes.subarray(at, at + FAST_WRITE))) await drainedOrGone(res);
  }
}

// The next 'drain', or 'close' if the client goes first; both listeners removed either way (a write in
// every 64 KiB waits here: left behind, they would pile up on the response).
function drainedOrGone(res) {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

// One write per event, as a live source sends them; the events due by now are sent each millisecond.
function streamPaced(res, workload, n, rate) {
  const { bytes, eventEnds } = workload;
  const count = Math.min(n, eventEnds.length);
  const start = performance.now();
  let sent = 0;
  const tick = () => {
    if (gone(res)) return;
    const due = Math.min(count, Math.floor(((performance.now() - start) * rate) / 1000) + 1);
    for (; sent < due; sent++) res.write(bytes.subarray(sent === 0 ? 0 : eventEnds[sent - 1], eventEnds[sent]));
    if (sent < count) setTimeout(tick, 1);
  };
  tick();
}

function stream(req, res, url) {
  const workload = byKey.get(decodeURIComponent(url.pathname.slice('/stream/'.length)));
  if (workload === undefined) return notFound(res);
  res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store' });
  res.write('retry: 60000\n\n');
  if (url.searchParams.get('mode') === 'paced') {
    streamPaced(res, workload, Number(url.searchParams.get('n')), Number(url.searchParams.get('rate')));
  } else {
    streamFast(res, workload).catch(() => res.destroy());
  }
}

function notFound(res) {
  res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
}

function serveStatic(res, pathname) {
  if (pathname === '/bench/page.html')
    return res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(PAGE);
  if (!Object.hasOwn(STATIC, pathname)) return notFound(res);
  const body = readFileSync(new URL(STATIC[pathname], ROOT));
  res.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'no-store' }).end(body);
}

function handle(req, res) {
  const url = new URL(req.url, 'http://127.0.0.1');
  if (url.pathname.startsWith('/stream/')) stream(req, res, url);
  else serveStatic(res, url.pathname);
}
const server = http.createServer(handle);
const h2Server = http2.createServer({ settings: { maxConcurrentStreams: 2 ** 31 - 1 } }, handle);
h2Server.on('sessionError', () => {});
const listening = (s) => new Promise((resolve) => s.listen(0, '127.0.0.1', resolve));
Promise.all([listening(server), listening(h2Server)]).then(() =>
  process.send({ ready: true, port: server.address().port, h2Port: h2Server.address().port }),
);
onParentGone(15 * 60);
