// The demo server: pages, the package's files and the SSE endpoints the pages use, on 127.0.0.1.
// Run: `npm start` (PORT, default 8080; other settings in server-options.js). Import startDemoServer()
// to run it inside tests.
import http from 'node:http';
import { normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as chat from './chat.js';
import * as sharedClock from './shared.js';
import * as clock from './clock.js';
import * as completions from './completions.js';
import * as conformance from './conformance.js';
import { clientAddress, send, sendJson } from './http-util.js';
import { RateLimiter } from './rate-limit.js';
import { guardRequests } from './request-guard.js';
import { optionsFromEnv } from './server-options.js';
import { serveStatic } from './static-files.js';
import { StreamRegistry } from './stream-registry.js';
import * as speed from './speed.js';
import * as wall from './wall.js';

const FEATURES = [clock, chat, wall, conformance, completions, sharedClock, speed];
// A client gets this long to send its request headers (slow-loris: a byte at a time keeps nothing
// open longer), and this long for a whole request with its body (the demo's bodies are a few KiB).
export const HEADERS_TIMEOUT_MS = 10000;
export const REQUEST_TIMEOUT_MS = 30000;

/**
 * Starts the demo server; resolves to { url, close() }. Options: port (0 for any), host, maxStreams
 * (open event streams at once), maxStreamsPerClient (of one client address; stream-registry.js),
 * maxBufferedBytes and drainTimeoutMs (slow readers; back-pressure.js), headersTimeoutMs and
 * requestTimeoutMs, leaveGraceMs (chat.js: how long a nick's last stream may be gone before `leave`),
 * log(text) (handler failures and dropped streams; console.error).
 */
export function startDemoServer({
  port = 8080,
  host = '127.0.0.1',
  maxStreams = 200,
  maxStreamsPerClient,
  maxBufferedBytes,
  drainTimeoutMs,
  headersTimeoutMs = HEADERS_TIMEOUT_MS,
  requestTimeoutMs = REQUEST_TIMEOUT_MS,
  leaveGraceMs,
  log = console.error,
} = {}) {
  const streams = new StreamRegistry({ maxStreams, maxStreamsPerClient, maxBufferedBytes, drainTimeoutMs, log });
  const routes = new Map(); // "METHOD /path" → handler(req, res, url)
  const app = {
    streams,
    /** A limiter per feature: every POST a client makes is counted against its address's bucket. */
    rateLimiter: (options) => new RateLimiter(options),
    route: (method, path, handler) => routes.set(`${method} ${path}`, handler),
    leaveGraceMs,
  };
  const dropLimiter = new RateLimiter({ burst: 5, perSecond: 1 });
  app.route('POST', '/drop', (req, res, url) => {
    if (!dropLimiter.allow(clientAddress(req))) return send(res, 429, 'text/plain', 'slow down\n');
    sendJson(res, 200, { dropped: streams.drop(url.searchParams.get('client') ?? '', clientAddress(req)) });
  });
  const stops = FEATURES.map((feature) => feature.register(app)).filter((stop) => typeof stop === 'function');

  const server = http.createServer(
    {
      headersTimeout: headersTimeoutMs,
      requestTimeout: requestTimeoutMs,
      // How often Node looks for requests past those timeouts (its default, 30 s, would let a slow-loris
      // client hold a socket for up to 30 s more).
      connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(headersTimeoutMs / 4))),
    },
    guardRequests((req, res, url) => {
      const handler = routes.get(`${req.method} ${url.pathname}`);
      if (handler !== undefined) return handler(req, res, url);
      if (req.method === 'GET' || req.method === 'HEAD') return serveStatic(url.pathname, res);
      req.resume();
      send(res, 405, 'text/plain', 'method not allowed\n');
    }, log),
  );
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      // Later errors (accept() out of file descriptors, say) are reported, not fatal.
      server.on('error', (error) => log(`demo: server error: ${error.message}`));
      const { port: actual } = server.address();
      resolve({
        url: `http://${host}:${actual}/`,
        close() {
          streams.closeAll();
          for (const stop of stops) stop();
          return new Promise((done) => server.close(done));
        },
      });
    });
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === normalize(process.argv[1])) {
  let options;
  try {
    options = optionsFromEnv(process.env);
  } catch (error) {
    console.error(`eventsource-wasm demo: ${error.message}`);
    process.exit(2);
  }
  startDemoServer(options).then(
    ({ url }) => {
      console.log(`eventsource-wasm demo: ${url}`);
      console.log(`  ${url}            conformance: native EventSource and the polyfill, case by case`);
      console.log(`  ${url}chat.html   chat room (EventSource) · ${url}chat-legacy.html (<event-source>)`);
      console.log(`  ${url}clock.html  server clock, legacy and standard side by side`);
      console.log(`  ${url}wall.html   social wall: messages and typed events`);
      console.log(`  ${url}shared.html frames sharing one connection (shared: true), with the server's count`);
      console.log(
        `  ${url}speed.html  speed: native EventSource and the polyfill side by side, events/s and main-thread time`,
      );
      console.log(`  POST ${url}api/completions  a mock chat-completion stream (README: request options)`);
    },
    (error) => {
      console.error(`eventsource-wasm demo: ${error.message}`);
      process.exit(1);
    },
  );
}
