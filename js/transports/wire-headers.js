// The node:http transport's request headers as fetch would send them: the request's header list, and
// what fetch's network step adds to it on the wire (undici's own User-Agent, Accept-Language and
// Sec-Fetch-Mode are not copied: they name the client, not the request).
import { requestHeaderList } from './request-headers.js';

const HTTP_WHITESPACE = /^[\t\n\r ]+|[\t\n\r ]+$/g;

/** The request's header list, as fetch would hold it before its network step adds its own. */
export function requestHeaders(headers, accept, lastEventId) {
  // [fetch] Headers "append" normalizes a value: leading and trailing HTTP whitespace removed. The
  // Last-Event-ID value is already a byte string of its UTF-8, which node:http writes as Latin-1.
  return requestHeaderList(headers, accept, lastEventId).map(([name, value]) => [
    name,
    String(value).replace(HTTP_WHITESPACE, ''),
  ]);
}

/** The headers sent for one request of the chain (http-exchange.js): the list plus what fetch's network step adds. */
export function wireHeaders({ url, headers, body }) {
  const wire = {};
  for (const [name, value] of headers) wire[name] = value;
  // [fetch] A body of known length is sent with its Content-Length (not chunked).
  if (body !== null) wire['Content-Length'] = String(body.length);
  const has = (name) => headers.some(([other]) => other.toLowerCase() === name);
  // [fetch] HTTP-network-or-cache fetch: cache mode "no-store" appends Pragma and Cache-Control
  // `no-cache` (our fetch transport asks for "no-store": browsers' EventSource sends the same).
  if (!has('pragma')) wire.Pragma = 'no-cache';
  if (!has('cache-control')) wire['Cache-Control'] = 'no-cache';
  // undici offers br only over https; it decodes br whatever it offered (see content-codings.js).
  if (!has('accept-encoding')) {
    wire['Accept-Encoding'] = url.protocol === 'https:' ? 'br, gzip, deflate' : 'gzip, deflate';
  }
  return wire;
}
