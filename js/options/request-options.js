// The request options of `new EventSource(url, init)` (extensions: none is in the standard), checked
// once at construction, so a mistake throws there rather than failing every reconnection.

const FORBIDDEN_METHODS = ['CONNECT', 'TRACE', 'TRACK'];
const NORMALIZED_METHODS = ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT', 'PATCH'];
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const CREDENTIALS = ['omit', 'same-origin', 'include'];

/** The request when the caller gave no request options: what the standard's EventSource sends. */
export const DEFAULT_REQUEST = Object.freeze({
  method: 'GET',
  headers: [],
  body: null,
  credentials: 'same-origin',
  fetch: null,
});

/**
 * { method, headers, body, credentials, fetch } from the init dictionary:
 * - method: 'GET' unless given; a token, the standard ones uppercased as fetch does; CONNECT, TRACE
 *   and TRACK throw, as in fetch.
 * - headers: [name, value] pairs, from an object, a Headers, or an array of pairs; names and values
 *   are checked as fetch's Headers checks them (where the runtime has Headers).
 * - body: null, or a string, bytes (an ArrayBuffer or a view of one, copied now: each reconnection
 *   sends the same bytes), URLSearchParams or Blob; a GET or HEAD request cannot have one. Anything
 *   else (a ReadableStream, which could not be sent again on a reconnection) throws.
 * - credentials: 'omit', 'same-origin' or 'include'; default from withCredentials ('include' when
 *   true, else 'same-origin'), as the standard maps it.
 * - fetch: a custom fetch function, or null.
 * Throws a TypeError naming the option.
 */
export function readRequestOptions(init) {
  const method = readMethod(init?.method);
  const fetch = init?.fetch ?? null;
  if (fetch !== null && typeof fetch !== 'function') invalid('fetch', 'a function', fetch);
  return {
    method,
    headers: readHeaders(init?.headers),
    body: readBody(init?.body, method),
    credentials: readCredentials(init?.credentials, Boolean(init?.withCredentials)),
    fetch,
  };
}

/** Throws the TypeError of an option `name` that is not `expected`. */
export function invalid(name, expected, value) {
  throw new TypeError(
    `EventSource option ${name} must be ${expected}, got ${typeof value === 'string' ? `'${value}'` : typeof value}.`,
  );
}

function readMethod(method = 'GET') {
  const upper = String(method).toUpperCase();
  if (typeof method !== 'string' || !TOKEN.test(method) || FORBIDDEN_METHODS.includes(upper)) {
    invalid('method', 'an HTTP method fetch may use', method);
  }
  return NORMALIZED_METHODS.includes(upper) ? upper : method;
}

function readHeaders(headers) {
  if (headers == null) return [];
  if (typeof headers !== 'object') invalid('headers', 'an object, a Headers or [name, value] pairs', headers);
  // Headers checks names and values (its TypeError names the bad one) and gives lowercase names.
  if (typeof Headers === 'function') return [...new Headers(headers)];
  const pairs = Array.isArray(headers) ? headers : Object.entries(headers);
  return pairs.map(([name, value]) => [String(name), String(value)]);
}

function readBody(body, method) {
  if (body == null) return null;
  if (method === 'GET' || method === 'HEAD') invalid('body', `absent for ${method} (give method: 'POST', say)`, body);
  if (
    typeof body === 'string' ||
    body instanceof URLSearchParams ||
    (typeof Blob === 'function' && body instanceof Blob)
  )
    return body;
  if (body instanceof ArrayBuffer) return new Uint8Array(body.slice(0));
  if (ArrayBuffer.isView(body))
    return new Uint8Array(body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength));
  // Not a stream: it is sent again on each reconnection.
  return invalid('body', 'a string, bytes, URLSearchParams or a Blob', body);
}

function readCredentials(credentials, withCredentials) {
  if (credentials === undefined) return withCredentials ? 'include' : 'same-origin';
  return CREDENTIALS.includes(credentials)
    ? credentials
    : invalid('credentials', "'omit', 'same-origin' or 'include'", credentials);
}

/**
 * The Content-Type fetch gives a body when the caller set none (fetch's "extract a body"):
 * text/plain;charset=UTF-8 for a string, application/x-www-form-urlencoded;charset=UTF-8 for
 * URLSearchParams, a Blob's own type if it has one; null for bytes (and no body).
 */
export function defaultContentType(body) {
  if (typeof body === 'string') return 'text/plain;charset=UTF-8';
  if (body instanceof URLSearchParams) return 'application/x-www-form-urlencoded;charset=UTF-8';
  if (typeof Blob === 'function' && body instanceof Blob) return body.type || null;
  return null;
}

/**
 * The body as bytes and its defaultContentType, for transports that send bytes themselves (node:http).
 * A promise: reading a Blob is asynchronous.
 */
export async function bodyBytes(body) {
  const type = defaultContentType(body);
  if (typeof body === 'string' || body instanceof URLSearchParams)
    return { bytes: new TextEncoder().encode(String(body)), type };
  if (typeof Blob === 'function' && body instanceof Blob)
    return { bytes: new Uint8Array(await body.arrayBuffer()), type };
  return { bytes: body, type };
}
