// Streams one EventSource request with node:http / node:https, doing what Node's fetch (undici) does for it.
//
// Node's builtins are looked up at run time with process.getBuiltinModule (Node >= 20.16), never imported:
// the same file is bundled for browsers, where this transport is simply unavailable. What "as fetch does"
// means here was read from Node 20.20's undici 6.24 and checked against an echo server:
// - request headers: the caller's (Accept, Last-Event-ID) plus what fetch adds for the "no-store" cache
//   mode (Pragma and Cache-Control: no-cache) and Accept-Encoding (br only over https, as undici);
//   undici's own User-Agent, Accept-Language and Sec-Fetch-Mode are not copied (they name the client,
//   not the request);
// - redirects, content codings, URLs with credentials and invalid header values: see the [fetch] steps.
import { requestHeaderList } from './request-headers.js';
import { DEFAULT_REQUEST, bodyBytes } from '../options/request-options.js';

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);
const MAX_REDIRECTS = 20;
const MAX_CONTENT_CODINGS = 5; // undici refuses more
// [fetch] Headers a cross-origin redirect removes (the standard names Authorization; undici also these).
const CROSS_ORIGIN_DROPPED = ['authorization', 'proxy-authorization', 'cookie', 'host'];
// [fetch] "request-body-header names", removed when a redirect turns the request into a GET.
const REQUEST_BODY_HEADERS = ['content-encoding', 'content-language', 'content-location', 'content-type'];
// undici's headersTimeout and bodyTimeout: a connection silent this long is a network error.
const IDLE_TIMEOUT_MS = 300_000;
const HTTP_WHITESPACE = /^[\t\n\r ]+|[\t\n\r ]+$/g;

/** True where node:http can be had without a static import (Node >= 20.16, and runtimes like it). */
export function nodeHttpAvailable() {
  return typeof globalThis.process?.getBuiltinModule === 'function' &&
    globalThis.process.getBuiltinModule('node:http') !== undefined;
}

/**
 * Same contract as startFetchRequest: response(status, contentType, finalUrl, details), chunk(bytes) for
 * each body chunk (synchronously from the socket's 'data' events), then end() or error(null, cause);
 * nothing after abort(). details: { statusText, headers (a Headers), readPrefix(limit) }; cause: the
 * socket's or TLS's error (its `code`: ECONNREFUSED, ENOTFOUND, CERT_HAS_EXPIRED...), else a TypeError. `request`: { method, headers, body } (request-options.js; credentials and fetch mean nothing
 * here: Node keeps no cookies). `idleTimeoutMs`: for tests.
 * @returns {{abort(): void}}
 */
export function startNodeHttpRequest(
  { url, lastEventId, accept = 'text/event-stream', request = DEFAULT_REQUEST, idleTimeoutMs = IDLE_TIMEOUT_MS },
  report,
) {
  const exchange = new HttpExchange(report, idleTimeoutMs);
  const headers = requestHeaders(request.headers, accept, lastEventId);
  const first = { url: new URL(url), method: request.method, headers, body: null, redirects: 0 };
  if (request.body === null) exchange.send(first);
  else {
    bodyBytes(request.body).then(({ bytes, type }) => {
      // [fetch] The body's type is the Content-Type unless the caller set one.
      if (type !== null && !headers.some(([name]) => name.toLowerCase() === 'content-type')) headers.push(['Content-Type', type]);
      exchange.send({ ...first, body: bytes });
    }, (error) => exchange.send(null, error));
  }
  return { abort: () => exchange.abort() };
}

/** The request's header list, as fetch would hold it before its network step adds its own. */
function requestHeaders(headers, accept, lastEventId) {
  // [fetch] Headers "append" normalizes a value: leading and trailing HTTP whitespace removed. The
  // Last-Event-ID value is already a byte string of its UTF-8, which node:http writes as Latin-1.
  return requestHeaderList(headers, accept, lastEventId).map(([name, value]) => [name, String(value).replace(HTTP_WHITESPACE, '')]);
}

/** The headers sent for one request of the chain: the list plus what fetch's network step adds. */
function wireHeaders({ url, headers, body }) {
  const wire = {};
  for (const [name, value] of headers) wire[name] = value;
  // [fetch] A body of known length is sent with its Content-Length (not chunked).
  if (body !== null) wire['Content-Length'] = String(body.length);
  const has = (name) => headers.some(([other]) => other.toLowerCase() === name);
  // [fetch] HTTP-network-or-cache fetch: cache mode "no-store" appends Pragma and Cache-Control
  // `no-cache` (our fetch transport asks for "no-store": browsers' EventSource sends the same).
  if (!has('pragma')) wire.Pragma = 'no-cache';
  if (!has('cache-control')) wire['Cache-Control'] = 'no-cache';
  // undici offers br only over https; it decodes br whatever it offered (see contentDecoders).
  if (!has('accept-encoding')) wire['Accept-Encoding'] = url.protocol === 'https:' ? 'br, gzip, deflate' : 'gzip, deflate';
  return wire;
}

/** [fetch] HTTP-redirect fetch: the next request of the chain, or null where fetch returns a network error. */
function redirectedRequest(request, status, target) {
  // [fetch] Step 6: locationURL's scheme must be an HTTP(S) scheme.
  if (!isHttpScheme(target)) return null;
  // [fetch] Step 7: a 21st redirect is a network error.
  if (request.redirects === MAX_REDIRECTS) return null;
  // [fetch] Steps 9-10 (mode "cors", and Node has no origin to be same-origin with): no credentials in the URL.
  if (target.username !== '' || target.password !== '') return null;
  let { method, headers, body } = request;
  // [fetch] Step 12: 301/302 turn a POST into a GET, 303 anything but GET and HEAD; the body goes.
  if (((status === 301 || status === 302) && method === 'POST') || (status === 303 && method !== 'GET' && method !== 'HEAD')) {
    method = 'GET';
    headers = without(headers, REQUEST_BODY_HEADERS);
    body = null;
  }
  // [fetch] Step 13: to another origin, credentials headers are removed, for the rest of the chain.
  if (target.origin !== request.url.origin) headers = without(headers, CROSS_ORIGIN_DROPPED);
  return { url: target, method, headers, body, redirects: request.redirects + 1 };
}

function without(headers, names) {
  return headers.filter(([name]) => !names.includes(name.toLowerCase()));
}

function isHttpScheme(url) {
  return url.protocol === 'http:' || url.protocol === 'https:';
}

/** One EventSource request and the redirects it follows; reports to `report` until done or aborted. */
class HttpExchange {
  #report;
  #idleTimeoutMs;
  #request = null; // the ClientRequest in flight
  #decoders = [];
  #done = false; // end() or error() reported, or aborted
  #prefix = null; // { limit, resolve, text, decoder } once readPrefix() was called

  constructor(report, idleTimeoutMs) {
    this.#report = report;
    this.#idleTimeoutMs = idleTimeoutMs;
  }

  /** Sends `request` (or fails with `cause`, for null: its body could not be read), unless aborted already. */
  send(request, cause) {
    if (this.#done) return;
    if (request === null) return this.#fail(cause);
    const builtin = moduleFor(request.url);
    // [fetch] Fetch refuses a URL with credentials ("Request cannot be constructed from a URL that
    // includes credentials"), and a non-HTTP(S) scheme here has no network to go to.
    if (builtin === undefined) return this.#failLater(new TypeError(`eventsource-wasm: no HTTP request for a ${request.url.protocol} URL`));
    if (request.url.username !== '' || request.url.password !== '') {
      return this.#failLater(new TypeError('eventsource-wasm: the URL includes credentials, which fetch never sends'));
    }
    let req;
    try {
      req = builtin.request(request.url, { method: request.method, headers: wireHeaders(request) });
    } catch (error) {
      return this.#failLater(error); // an invalid header value: fetch fails the same request with a TypeError
    }
    this.#request = req;
    req.setTimeout(this.#idleTimeoutMs, () => req.destroy());
    req.on('response', (res) => this.#respond(request, res));
    req.on('error', (error) => this.#fail(error));
    req.end(request.body ?? undefined);
  }

  abort() {
    if (this.#prefix !== null) this.#settlePrefix(); // with what arrived so far
    this.#done = true;
    this.#destroy();
  }

  #respond(request, res) {
    if (this.#done) return void res.destroy();
    const { statusCode: status, rawHeaders } = res;
    const location = headerValue(rawHeaders, 'location');
    if (REDIRECT_STATUSES.has(status) && location !== null) return this.#redirect(request, status, location, res);
    const codings = NULL_BODY_STATUSES.has(status) || request.method === 'HEAD' ? [] : contentCodings(rawHeaders);
    if (codings === null) return this.#fail(new TypeError(`eventsource-wasm: more than ${MAX_CONTENT_CODINGS} content codings`));
    // [fetch] The response's URL is the last of its URL list, serialized without its fragment.
    const finalUrl = new URL(request.url);
    finalUrl.hash = '';
    const details = {
      statusText: res.statusMessage ?? '',
      headers: responseHeaders(rawHeaders),
      readPrefix: (limit) => new Promise((resolve) => (this.#prefix = { limit, resolve, text: '', decoder: new TextDecoder() })),
    };
    this.#report.response(status, headerValue(rawHeaders, 'content-type') ?? '', finalUrl.href, details);
    if (!this.#done) this.#stream(res, codings);
  }

  #redirect(request, status, location, res) {
    res.destroy(); // undici closes a redirect's connection rather than read its body
    let target;
    try {
      // [fetch] Location is parsed against the response's URL; a target without a fragment keeps the request's.
      target = new URL(utf8FromLatin1(location), request.url);
    } catch {
      return this.#fail(new TypeError(`eventsource-wasm: a ${status} redirect to an invalid Location`));
    }
    if (target.hash === '') target.hash = request.url.hash;
    const next = redirectedRequest(request, status, target);
    return next === null ? this.#fail(new TypeError(`eventsource-wasm: fetch refuses a redirect to ${target.protocol}//${target.host}${target.pathname}`)) : this.send(next);
  }

  #stream(res, codings) {
    const body = codings.length === 0 ? res : this.#decode(res, codings);
    body.on('data', (chunk) => {
      if (this.#prefix !== null) return this.#collect(chunk);
      if (!this.#done) this.#report.chunk(chunk);
    });
    body.on('end', () => this.#end());
    res.on('error', (error) => this.#fail(error));
    // A reset or a connection closed before the message was complete (what fetch reports as "terminated").
    res.on('close', () => res.complete || this.#fail(new TypeError('eventsource-wasm: the connection closed before the response was complete')));
  }

  /** readPrefix(): keeps the body's text up to its limit, then resolves it. */
  #collect(chunk) {
    const prefix = this.#prefix;
    if (prefix.limit > 0) prefix.text += prefix.decoder.decode(chunk.subarray(0, prefix.limit), { stream: true });
    prefix.limit -= chunk.length;
    if (prefix.limit <= 0) this.#settlePrefix();
  }

  #settlePrefix() {
    const prefix = this.#prefix;
    this.#prefix = { limit: 0, resolve() {}, text: '', decoder: null }; // later data is dropped
    prefix.resolve(prefix.text);
  }

  /** The body decoded as fetch does; each decoder is flushed per write, so events arrive as they come. */
  #decode(res, codings) {
    const zlib = globalThis.process.getBuiltinModule('node:zlib');
    let stream = res;
    for (const coding of [...codings].reverse()) {
      const decoder = contentDecoder(coding, zlib);
      decoder.on('error', (error) => this.#fail(error));
      this.#decoders.push(decoder);
      stream = stream.pipe(decoder);
    }
    return stream;
  }

  #end() {
    if (this.#prefix !== null) return this.#settlePrefix();
    if (this.#done) return;
    this.#done = true;
    this.#report.end();
  }

  #fail(cause) {
    if (this.#prefix !== null) return this.#settlePrefix(); // the body so far is the prefix
    if (this.#done) return;
    this.#done = true;
    this.#destroy();
    this.#report.error(null, cause);
  }

  // Errors are reported asynchronously, as fetch does: never from inside start().
  #failLater(cause) {
    queueMicrotask(() => this.#fail(cause));
  }

  #destroy() {
    this.#request?.destroy();
    for (const decoder of this.#decoders) decoder.destroy();
  }
}

function moduleFor(url) {
  if (url.protocol === 'http:') return globalThis.process.getBuiltinModule('node:http');
  if (url.protocol === 'https:') return globalThis.process.getBuiltinModule('node:https');
  return undefined;
}

/** The response headers as fetch gives them: a Headers (values that Headers refuses are left out). */
function responseHeaders(rawHeaders) {
  const headers = new Headers();
  for (let i = 0; i < rawHeaders.length; i += 2) {
    try {
      headers.append(rawHeaders[i], rawHeaders[i + 1]);
    } catch {
      // a header undici would have refused too
    }
  }
  return headers;
}

/** A response header as fetch's Headers.get returns it: every value, in order, joined by ", "; or null. */
function headerValue(rawHeaders, name) {
  let value = null;
  for (let i = 0; i < rawHeaders.length; i += 2) {
    if (rawHeaders[i].length !== name.length || rawHeaders[i].toLowerCase() !== name) continue;
    value = value === null ? rawHeaders[i + 1] : `${value}, ${rawHeaders[i + 1]}`;
  }
  return value;
}

/**
 * The codings of Content-Encoding to undo, in the order they were applied; [] to read the body as it
 * is, null where undici fails the response. As undici: gzip (x-gzip), deflate and br are decoded; one
 * coding it does not know leaves the whole body undecoded; more than five fail.
 */
function contentCodings(rawHeaders) {
  const header = headerValue(rawHeaders, 'content-encoding');
  if (header === null || header === '') return [];
  const codings = header.toLowerCase().split(',').map((coding) => coding.trim());
  if (codings.length > MAX_CONTENT_CODINGS) return null;
  return codings.every((coding) => ['gzip', 'x-gzip', 'deflate', 'br'].includes(coding)) ? codings : [];
}

function contentDecoder(coding, zlib) {
  // undici (and cURL): Z_SYNC_FLUSH also at the end, so a body cut short is not an error of its own.
  const flush = { flush: zlib.constants.Z_SYNC_FLUSH, finishFlush: zlib.constants.Z_SYNC_FLUSH };
  if (coding === 'br') {
    const op = zlib.constants.BROTLI_OPERATION_FLUSH;
    return zlib.createBrotliDecompress({ flush: op, finishFlush: op });
  }
  return coding === 'deflate' ? inflateEither(zlib, flush) : zlib.createGunzip(flush);
}

/**
 * "deflate" as browsers and undici read it: zlib-wrapped, or raw deflate as some servers send it, told
 * apart by the first byte (a zlib header has compression method 8 in its low nibble).
 */
function inflateEither(zlib, options) {
  const { Transform } = globalThis.process.getBuiltinModule('node:stream');
  let inflate = null;
  return new Transform({
    transform(chunk, encoding, callback) {
      if (inflate === null) {
        if (chunk.length === 0) return callback();
        inflate = (chunk[0] & 0x0f) === 8 ? zlib.createInflate(options) : zlib.createInflateRaw(options);
        inflate.on('data', (out) => this.push(out));
        inflate.on('error', (error) => this.destroy(error));
      }
      inflate.write(chunk, callback);
    },
    flush(callback) {
      if (inflate === null) return callback();
      inflate.once('end', () => callback());
      inflate.end();
    },
    destroy(error, callback) {
      inflate?.destroy();
      callback(error);
    },
  });
}

/** undici: a Location with bytes outside printable ASCII is read as UTF-8 (U+FFFD for invalid bytes). */
function utf8FromLatin1(text) {
  // eslint-disable-next-line no-control-regex
  if (/^[\x20-\x7e]*$/.test(text)) return text;
  return new TextDecoder().decode(Uint8Array.from(text, (c) => c.charCodeAt(0)));
}
