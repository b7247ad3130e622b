// Streams one EventSource request with node:http / node:https, doing what Node's fetch (undici) does for it.
// The entry point: nodeHttpAvailable() and startNodeHttpRequest(), which select-transport.js imports; and
// startNodeHttp2Request(), the same over node:http2 (transport: 'http2', one session per origin for every
// source of the process: http2-sessions.js).
//
// Node's builtins are looked up at run time with process.getBuiltinModule (Node >= 20.16), never imported:
// the same file is bundled for browsers, where this transport is simply unavailable. What "as fetch does"
// means here was read from Node 20.20's undici 6.24 and checked against an echo server, each part in its
// module:
// - request headers: the caller's (Accept, Last-Event-ID) plus what fetch adds for the "no-store" cache
//   mode (Pragma and Cache-Control: no-cache) and Accept-Encoding (br only over https, as undici):
//   wire-headers.js;
// - redirects, URLs with credentials (http-redirect.js), content codings (content-codings.js), response
//   headers (raw-headers.js) and invalid header values: see the [fetch] steps;
// - the exchange of one request and its redirects, and what it reports (http-exchange.js).
import { HttpExchange } from './http-exchange.js';
import { requestHeaders } from './wire-headers.js';
import { DEFAULT_REQUEST, bodyBytes } from '../options/request-options.js';

// undici's headersTimeout and bodyTimeout: a connection silent this long is a network error.
const IDLE_TIMEOUT_MS = 300_000;

/** True where node:http can be had without a static import (Node >= 20.16, and runtimes like it). */
export function nodeHttpAvailable() {
  return (
    typeof globalThis.process?.getBuiltinModule === 'function' &&
    globalThis.process.getBuiltinModule('node:http') !== undefined
  );
}

/**
 * Same contract as startFetchRequest: response(status, contentType, finalUrl, details), chunk(bytes) for
 * each body chunk (synchronously from the socket's 'data' events), then end() or error(null, cause);
 * nothing after abort(). details: { statusText, headers (a Headers), readPrefix(limit) }; cause: the
 * socket's or TLS's error (its `code`: ECONNREFUSED, ENOTFOUND, CERT_HAS_EXPIRED...), else a TypeError.
 * `request`: { method, headers, body, proxy, tls } (request-options.js, network-options.js; credentials and
 * fetch mean nothing here: Node keeps no cookies). `idleTimeoutMs`: for tests.
 * @returns {{abort(): void}}
 */
export function startNodeHttpRequest(options, report) {
  return start(options, report, false);
}

/** The same over node:http2: each request a stream of the session its origin shares (h2 over TLS, or h2c). */
export function startNodeHttp2Request(options, report) {
  return start(options, report, true);
}

/** True where node:http2 can be had without a static import. */
export function nodeHttp2Available() {
  return nodeHttpAvailable() && globalThis.process.getBuiltinModule('node:http2') !== undefined;
}

function start(
  { url, lastEventId, accept = 'text/event-stream', request = DEFAULT_REQUEST, idleTimeoutMs = IDLE_TIMEOUT_MS },
  report,
  http2,
) {
  const exchange = new HttpExchange(report, idleTimeoutMs, { proxy: request.proxy, tls: request.tls, http2 });
  const headers = requestHeaders(request.headers, accept, lastEventId);
  const first = { url: new URL(url), method: request.method, headers, body: null, redirects: 0 };
  if (request.body === null) exchange.send(first);
  else {
    bodyBytes(request.body).then(
      ({ bytes, type }) => {
        // [fetch] The body's type is the Content-Type unless the caller set one.
        if (type !== null && !headers.some(([name]) => name.toLowerCase() === 'content-type')) {
          headers.push(['Content-Type', type]);
        }
        exchange.send({ ...first, body: bytes });
      },
      (error) => exchange.send(null, error),
    );
  }
  return { abort: () => exchange.abort() };
}
