// The exchange that drives one EventSource request of the node:http transport and the redirects it
// follows: sends each request of the chain, reads the response (its headers, its body decoded), and
// reports to the transport's `report` (node-http-transport.js) until done or aborted.
//
// A request of the chain: { url (a URL), method, headers ([name, value] pairs, wire-headers.js), body
// (bytes or null), redirects (how many led to it) }.
import { NO_BYTES, prefixReader } from './body-prefix.js';
import { MAX_CONTENT_CODINGS, contentCodings, contentDecoders } from './content-codings.js';
import { isRedirect, redirectedRequest } from './http-redirect.js';
import { openHttp2Request } from './http2-sessions.js';
import { openHttpRequest, throughProxy } from './open-http-request.js';
import { proxyFor } from './proxy-for.js';
import { headerValue, responseHeaders } from './raw-headers.js';
import { wireHeaders } from './wire-headers.js';

const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

/** One EventSource request and the redirects it follows; reports to `report` until done or aborted. */
export class HttpExchange {
  #report;
  #idleTimeoutMs;
  #network; // { proxy, tls, http2 }: the options of those names (js/options/network-options.js); http2: a stream of a shared session
  #request = null; // the ClientRequest in flight
  #decoders = [];
  #done = false; // end() or error() reported, or aborted
  #prefix = null; // once readPrefix() was called: its reader (body-prefix.js), given the body instead of chunk()

  constructor(report, idleTimeoutMs, network) {
    this.#report = report;
    this.#idleTimeoutMs = idleTimeoutMs;
    this.#network = network;
  }

  /** Sends `request` (or fails with `cause`, for null: its body could not be read), unless aborted already. */
  send(request, cause) {
    if (this.#done) return;
    if (request === null) return this.#fail(cause);
    // [fetch] Fetch refuses a URL with credentials ("Request cannot be constructed from a URL that
    // includes credentials"), and a non-HTTP(S) scheme here has no network to go to.
    if (request.url.protocol !== 'http:' && request.url.protocol !== 'https:') {
      return this.#failLater(new TypeError(`eventsource-wasm: no HTTP request for a ${request.url.protocol} URL`));
    }
    if (request.url.username !== '' || request.url.password !== '') {
      return this.#failLater(new TypeError('eventsource-wasm: the URL includes credentials, which fetch never sends'));
    }
    let req;
    let proxy = null;
    try {
      // Each request of the chain asks again: a redirect may lead to a host no_proxy names.
      const { method, url } = request;
      if (this.#network.http2)
        req = openHttp2Request(url, { method, headers: wireHeaders(request) }, this.#network.tls);
      else {
        proxy = proxyFor(url, this.#network.proxy, globalThis.process.env);
        req = openHttpRequest(url, { method, headers: wireHeaders(request) }, proxy, this.#network.tls);
      }
    } catch (error) {
      // An invalid header value (fetch fails the same request with a TypeError), or a proxy URL from the
      // environment that is not an http: one.
      return this.#failLater(proxy === null ? error : throughProxy(error, proxy));
    }
    this.#request = req;
    let answered = false;
    req.setTimeout(this.#idleTimeoutMs, () => req.destroy());
    req.on('response', (res) => {
      answered = true;
      this.#respond(request, res);
    });
    // Before an answer, a failure through a proxy may be the proxy's: its message names it.
    req.on('error', (error) => this.#fail(proxy === null || answered ? error : throughProxy(error, proxy)));
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
    if (isRedirect(status, location)) return this.#redirect(request, status, location, res);
    const codings =
      NULL_BODY_STATUSES.has(status) || request.method === 'HEAD'
        ? []
        : contentCodings(headerValue(rawHeaders, 'content-encoding'));
    if (codings === null) {
      return this.#fail(new TypeError(`eventsource-wasm: more than ${MAX_CONTENT_CODINGS} content codings`));
    }
    // [fetch] The response's URL is the last of its URL list, serialized without its fragment.
    const finalUrl = new URL(request.url);
    finalUrl.hash = '';
    const details = {
      statusText: res.statusMessage ?? '',
      headers: responseHeaders(rawHeaders),
      readPrefix: (limit) => new Promise((resolve) => (this.#prefix = prefixReader(limit, resolve))),
    };
    this.#report.response(status, headerValue(rawHeaders, 'content-type') ?? '', finalUrl.href, details);
    if (!this.#done) this.#stream(res, codings);
  }

  #redirect(request, status, location, res) {
    res.destroy(); // undici closes a redirect's connection rather than read its body
    const next = redirectedRequest(request, status, location);
    return next instanceof TypeError ? this.#fail(next) : this.send(next);
  }

  #stream(res, codings) {
    const body = codings.length === 0 ? res : this.#decode(res, codings);
    body.on('data', (chunk) => {
      if (this.#prefix !== null) return void this.#prefix(chunk);
      if (!this.#done) this.#report.chunk(chunk);
    });
    body.on('end', () => this.#end());
    res.on('error', (error) => this.#fail(error));
    // A reset or a connection closed before the message was complete (what fetch reports as "terminated").
    const cut = 'eventsource-wasm: the connection closed before the response was complete';
    res.on('close', () => res.complete || this.#fail(new TypeError(cut)));
  }

  /** The body through the decoders of its codings (content-codings.js). */
  #decode(res, codings) {
    let stream = res;
    for (const decoder of contentDecoders(codings)) {
      decoder.on('error', (error) => this.#fail(error));
      this.#decoders.push(decoder);
      stream = stream.pipe(decoder);
    }
    return stream;
  }

  /** readPrefix(): resolves it with the body so far; what comes later is dropped. */
  #settlePrefix() {
    this.#prefix(NO_BYTES, true);
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
