// Small helpers for the demo's request handlers: bounded bodies and plain answers.

/** Sends a complete response. */
export function send(res, status, type, body, headers = {}) {
  res.writeHead(status, {
    'Content-Type': type,
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-store',
    ...headers,
  });
  res.end(body);
}

export function sendJson(res, status, value) {
  send(res, status, 'application/json', JSON.stringify(value));
}

/**
 * The request body as text, or null (after answering 413) when it is longer than `maxBytes`. The rest
 * of an oversized body is read and discarded, not kept: closing with it unread would reset the
 * connection, and the client could lose the 413. The server's requestTimeout bounds how long that lasts.
 */
export function readBody(req, res, maxBytes) {
  return new Promise((resolve) => {
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      if (size > maxBytes) return;
      size += chunk.length;
      if (size <= maxBytes) return chunks.push(chunk);
      chunks.length = 0;
      res.setHeader('Connection', 'close');
      send(res, 413, 'text/plain', `request body over ${maxBytes} bytes\n`);
      resolve(null);
    });
    req.on('end', () => resolve(size > maxBytes ? null : Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => resolve(null));
  });
}

/**
 * The key of per-client limits: the peer's address. Never a value the client sends (a query parameter
 * or a header such as X-Forwarded-For), which a client could change on every request.
 */
export function clientAddress(req) {
  return req.socket.remoteAddress ?? 'unknown';
}

/**
 * The body of a rate-limited POST, or null after answering 429 (the client's bucket is empty; the
 * body is not read) or 413 (the body is longer than maxBytes).
 */
export async function readLimitedPost(req, res, limiter, { maxBytes, retryAfterSeconds, tooMany }) {
  if (!limiter.allow(clientAddress(req))) {
    req.resume();
    res.setHeader('Retry-After', String(retryAfterSeconds));
    sendJson(res, 429, { error: tooMany });
    return null;
  }
  return readBody(req, res, maxBytes);
}

/** Escapes text for one SSE `data:` line per line of it. */
export function dataLines(text) {
  return String(text)
    .split(/\r\n|\r|\n/)
    .map((line) => `data: ${line}\n`)
    .join('');
}
