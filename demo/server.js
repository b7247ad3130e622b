// The demo server: serves the clock page and the package's files, and streams server time as SSE.
// Run: `npm start` (PORT, default 8080). Import startDemoServer() to run it inside tests.
import http from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const STATIC_DIRS = { '/js/': 'js', '/dist/': 'dist', '/': 'demo/public' };
const MIME_TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css' };
const MAX_STREAMS = 100; // open event streams at once; more are refused with 503
const TICK_MS = 1000;
const HEARTBEAT_MS = 15000; // the standard's advice: a comment about every 15 s keeps proxies from timing out

/** Starts the demo server; resolves to { url, close() }. */
export function startDemoServer({ port = 8080, host = '127.0.0.1' } = {}) {
  const streams = new Set();
  const server = http.createServer((req, res) => {
    const { pathname } = new URL(req.url, 'http://localhost');
    if (pathname === '/events/clock') return clockStream(req, res, streams);
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain', 'method not allowed\n');
    return serveStatic(pathname, res);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const { port: actual } = server.address();
      resolve({
        url: `http://${host}:${actual}/`,
        close() {
          for (const res of streams) res.destroy();
          return new Promise((done) => server.close(done));
        },
      });
    });
  });
}

// `retry`, then one `id` + `data` (ISO time) per second; resumes numbering after Last-Event-ID.
function clockStream(req, res, streams) {
  if (streams.size >= MAX_STREAMS) return send(res, 503, 'text/plain', 'too many streams\n');
  const resumed = Number.parseInt(req.headers['last-event-id'] ?? '', 10);
  let tick = Number.isSafeInteger(resumed) && resumed >= 0 ? resumed : 0;
  res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', 'X-Accel-Buffering': 'no' });
  res.write(`retry: 2000\n\n`);
  const write = () => res.write(`id: ${++tick}\ndata: ${new Date().toISOString()}\n\n`);
  write();
  const ticker = setInterval(write, TICK_MS);
  const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), HEARTBEAT_MS);
  streams.add(res);
  res.on('close', () => {
    clearInterval(ticker);
    clearInterval(heartbeat);
    streams.delete(res);
  });
}

async function serveStatic(pathname, res) {
  const prefix = Object.keys(STATIC_DIRS).find((p) => pathname.startsWith(p));
  const relative = normalize(pathname.slice(prefix.length) || 'index.html');
  if (relative.startsWith('..') || relative.includes(`${sep}..`)) return send(res, 404, 'text/plain', 'not found\n');
  const type = MIME_TYPES[extname(relative)];
  if (type === undefined) return send(res, 404, 'text/plain', 'not found\n');
  try {
    return send(res, 200, type, await readFile(join(ROOT, STATIC_DIRS[prefix], relative)));
  } catch {
    return send(res, 404, 'text/plain', 'not found\n');
  }
}

function send(res, status, type, body) {
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === normalize(process.argv[1])) {
  const port = Number.parseInt(process.env.PORT ?? '8080', 10);
  startDemoServer({ port }).then(({ url }) => {
    console.log(`eventsource-wasm demo: ${url}`);
  });
}
