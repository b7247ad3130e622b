// node:http's response headers (an IncomingMessage's rawHeaders: name, value, name, value...) read as
// fetch's Headers reads them, for the node:http transport.

/** The response headers as fetch gives them: a Headers (values that Headers refuses are left out). */
export function responseHeaders(rawHeaders) {
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
export function headerValue(rawHeaders, name) {
  let value = null;
  for (let i = 0; i < rawHeaders.length; i += 2) {
    if (rawHeaders[i].length !== name.length || rawHeaders[i].toLowerCase() !== name) continue;
    value = value === null ? rawHeaders[i + 1] : `${value}, ${rawHeaders[i + 1]}`;
  }
  return value;
}
