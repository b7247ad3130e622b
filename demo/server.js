// The demo server: pages, the package's files and the SSE endpoints the pages use, on 127.0.0.1.
// Run: `npm start` (PORT, default 8080). Import startDemoServer() to run it inside tests.
import http from 'node:http';
import { normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as chat from './chat.js';
import * as clock from './clock.js';
import * as completions from './completions.js';
import * as conformance from './conformance.js';
import { send, sendJson } from './http-util.js';
import { RateLimiter } from './rate-limit.js';
import { serveStatic } from './static-files.js';
import { StreamRegistry } from './stream-registry.js';
import * as wall from './wall.js';

const FEATURES = [clock, chat, wall, conformance, completions];

/**
 * Starts the demo server; resolves to { url, close() }. Options: port (0 for any), host, maxStreams
 * (open event streams at once).
 */
export function startDemoServer({ port = 8080, host = '127.0.0.1', maxStreams = 200 } = {}) {
  const streams = new StreamRegistry({ maxStreams });
  const routes = new Map(); // "METHOD /path" → handler(req, res, url)
  const app = {
    streams,
    /** A limiter per feature: every POST a client makes is counted against its own bucket. */
    rateLimiter: (options) => new RateLimiter(options),
    route: (method, path, handler) => routes.set(`${method} ${path}`, handler),
  };
  const dropLimiter = new RateLimiter({ burst: 5, perSecond: 1 });
  app.route('POST', '/drop', (req, res, url) => {
    const client = url.searchParams.get('client') ?? '';
    if (!dropLimiter.allow(client)) return send(res, 429, 'text/plain', 'slow down\n');
    sendJson(res, 200, { dropped: streams.drop(client) });
  });
  for (const feature of FEATURES) feature.register(app);

  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://localhost');
    const handler = routes.get(`${req.method} ${url.pathname}`);
    if (handler !== undefined) return handler(req, res, url);
    if (req.method === 'GET' || req.method === 'HEAD') return serveStatic(url.pathname, res);
    send(res, 405, 'text/plain', 'method not allowed\n');
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const { port: actual } = server.address();
      resolve({
        url: `http://${host}:${actual}/`,
        close() {
          streams.closeAll();
          for (const feature of FEATURES) feature.stop?.();
          return new Promise((done) => server.close(done));
        },
      });
    });
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === normalize(process.argv[1])) {
  const port = Number.parseInt(process.env.PORT ?? '8080', 10);
  startDemoServer({ port }).then(({ url }) => {
    console.log(`eventsource-wasm demo: ${url}`);
    console.log(`  ${url}            conformance: native EventSource and the polyfill, case by case`);
    console.log(`  ${url}chat.html   chat room (EventSource) · ${url}chat-legacy.html (<event-source>)`);
    console.log(`  ${url}clock.html  server clock, legacy and standard side by side`);
    console.log(`  ${url}wall.html   social wall: messages and typed events`);
    console.log(`  POST ${url}api/completions  a mock chat-completion stream (README: request options)`);
  });
}
