// Following a redirect as fetch does ([fetch] HTTP-redirect fetch, redirect mode "follow"), for the
// node:http transport: which responses redirect, and the request a redirect leads to (http-exchange.js).

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 20;
// [fetch] Headers a cross-origin redirect removes (the standard names Authorization; undici also these).
const CROSS_ORIGIN_DROPPED = ['authorization', 'proxy-authorization', 'cookie', 'host'];
// [fetch] "request-body-header names", removed when a redirect turns the request into a GET.
const REQUEST_BODY_HEADERS = ['content-encoding', 'content-language', 'content-location', 'content-type'];

/** Whether a response with `status` and Location `location` (null: none) is a redirect to follow. */
export function isRedirect(status, location) {
  return REDIRECT_STATUSES.has(status) && location !== null;
}

/**
 * The request of the chain that follows `request`'s redirect (its `status` and Location header value),
 * or the TypeError of the network error fetch returns instead.
 */
export function redirectedRequest(request, status, location) {
  let target;
  try {
    // [fetch] Location is parsed against the response's URL; a target without a fragment keeps the request's.
    target = new URL(utf8FromLatin1(location), request.url);
  } catch {
    return new TypeError(`eventsource-wasm: a ${status} redirect to an invalid Location`);
  }
  if (target.hash === '') target.hash = request.url.hash;
  const { protocol, host, pathname } = target;
  return (
    nextRequest(request, status, target) ??
    new TypeError(`eventsource-wasm: fetch refuses a redirect to ${protocol}//${host}${pathname}`)
  );
}

/** [fetch] HTTP-redirect fetch: the next request of the chain, or null where fetch returns a network error. */
function nextRequest(request, status, target) {
  // [fetch] Step 6: locationURL's scheme must be an HTTP(S) scheme.
  if (!isHttpScheme(target)) return null;
  // [fetch] Step 7: a 21st redirect is a network error.
  if (request.redirects === MAX_REDIRECTS) return null;
  // [fetch] Steps 9-10 (mode "cors", and Node has no origin to be same-origin with): no credentials in the URL.
  if (target.username !== '' || target.password !== '') return null;
  let { method, headers, body } = request;
  // [fetch] Step 12: 301/302 turn a POST into a GET, 303 anything but GET and HEAD; the body goes.
  if (
    ((status === 301 || status === 302) && method === 'POST') ||
    (status === 303 && method !== 'GET' && method !== 'HEAD')
  ) {
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

/** undici: a Location with bytes outside printable ASCII is read as UTF-8 (U+FFFD for invalid bytes). */
function utf8FromLatin1(text) {
  if (/^[\x20-\x7e]*$/.test(text)) return text;
  return new TextDecoder().decode(Uint8Array.from(text, (c) => c.charCodeAt(0)));
}
