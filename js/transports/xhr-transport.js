// Streams one EventSource request with XMLHttpRequest, for runtimes without fetch body streams.
import { prefixReader } from './body-prefix.js';
import { refusedByCors } from './cors-probe.js';
import { requestHeaderList } from './request-headers.js';
import { DEFAULT_REQUEST } from '../options/request-options.js';

/** Default of the `xhrResponseLimit` option: the response text XHR may accumulate, in characters. */
export const DEFAULT_XHR_RESPONSE_LIMIT = 4 * 1024 * 1024;

const BYTE_ORDER_MARK = new Uint8Array([0xef, 0xbb, 0xbf]);
const encoder = new TextEncoder();

/**
 * Same contract as startFetchRequest: response(status, contentType, finalUrl, details), chunk(bytes),
 * then end() or error(futile); nothing after abort(). XHR tells nothing of why a request
 * failed: no cause. XHR keeps the whole response in `responseText`, so once it
 * holds more than `responseLimit` characters this also calls recycle() after each chunk, asking for a
 * fresh request (the caller replaces it when the stream is between events). `request`: { method,
 * headers, body, credentials } (request-options.js): XHR sends credentials cross-origin for 'include'
 * only, and same-origin ones always ('omit' cannot be had); a custom fetch means the fetch transport.
 * @returns {{abort(): void}}
 */
export function startXhrRequest(
  {
    url,
    lastEventId,
    accept = 'text/event-stream',
    responseLimit = DEFAULT_XHR_RESPONSE_LIMIT,
    request = DEFAULT_REQUEST,
  },
  report,
) {
  const withCredentials = request.credentials === 'include';
  const xhr = new XMLHttpRequest();
  const probes = new AbortController(); // of the CORS probes after a failure
  let aborted = false;
  let responded = false;
  let offset = 0; // characters of responseText already delivered
  let started = false; // the first chunk went out
  let prefix = null; // prefix(done) once readPrefix() was called: the body is kept, not reported

  xhr.open(request.method, url, true);
  xhr.withCredentials = withCredentials;
  // XHR decodes the response itself, with the Encoding Standard's "decode": UTF-8 with U+FFFD for
  // invalid bytes, as the parser would, but a leading BOM decides the encoding whatever the MIME type
  // says (even x-user-defined): a UTF-8 BOM is stripped, a UTF-16 one switches to UTF-16 (a stream
  // the standard would read as U+FFFD U+FFFD; this transport cannot). So the text is read as UTF-8
  // and encoded back to bytes for the parser.
  xhr.overrideMimeType('text/plain; charset=utf-8');
  // Accept, the caller's headers, Last-Event-ID when the last event ID is not empty (request-headers.js).
  const headers = requestHeaderList(request.headers, accept, lastEventId);
  for (const [name, value] of headers) xhr.setRequestHeader(name, value);
  // XHR has no cache mode; the header is only set same-origin, where it cannot force a CORS preflight.
  if (isSameOrigin(url) && !request.headers.some(([name]) => name.toLowerCase() === 'cache-control')) {
    xhr.setRequestHeader('Cache-Control', 'no-cache');
  }

  const respond = () => {
    if (responded || aborted || xhr.readyState < XMLHttpRequest.HEADERS_RECEIVED || xhr.status === 0) return;
    responded = true;
    const details = {
      statusText: xhr.statusText,
      headers: parseHeaders(xhr.getAllResponseHeaders()),
      // responseText is the whole body so far: each prefix(done) reads it afresh (body-prefix.js), and
      // resolves once there is enough (limit in UTF-8 bytes) or the body ended.
      readPrefix: (limit) =>
        new Promise((resolve) => {
          prefix = (done) => prefixReader(limit, resolve)(encoder.encode(xhr.responseText), done);
        }),
    };
    report.response(xhr.status, xhr.getResponseHeader('Content-Type') ?? '', xhr.responseURL || url, details);
  };
  const deliver = (done) => {
    respond();
    if (prefix !== null) return prefix(done);
    if (aborted || !responded) return;
    const text = xhr.responseText;
    let end = text.length;
    // Never split a surrogate pair between two chunks.
    if (!done && end > offset && isHighSurrogate(text.charCodeAt(end - 1))) end--;
    if (end > offset) {
      const bytes = encoder.encode(text.slice(offset, end));
      offset = end;
      // XHR already stripped a leading BOM, so a U+FEFF it kept is a second one, which is data. The
      // parser strips one BOM at stream start: give it one of our own first.
      report.chunk(started ? bytes : withByteOrderMark(bytes));
      started = true;
    }
    if (!aborted && offset > responseLimit) report.recycle();
  };
  xhr.onreadystatechange = respond;
  xhr.onprogress = () => deliver(false);
  xhr.onload = () => {
    if (prefix !== null) return prefix(true);
    deliver(true);
    if (!aborted) report.end();
  };
  // A refused CORS request, a DNS failure and a reset connection all look alike here.
  xhr.onerror = async () => {
    if (prefix !== null) return prefix(true);
    if (aborted) return;
    const credentials = withCredentials ? 'include' : 'same-origin';
    const refused =
      !responded && (await refusedByCors(url, { method: request.method, headers, credentials }, probes.signal));
    if (!aborted) report.error(refused ? 'cors-refused' : null);
  };
  xhr.send(request.body);

  return {
    abort() {
      if (prefix !== null) prefix(true); // with what arrived so far
      aborted = true;
      probes.abort();
      xhr.abort();
    },
  };
}

/** getAllResponseHeaders() ("name: value" lines) as a Headers. */
function parseHeaders(text) {
  const headers = new Headers();
  for (const line of text.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    try {
      headers.append(line.slice(0, colon), line.slice(colon + 1).trim());
    } catch {
      // not a header fetch would keep
    }
  }
  return headers;
}

function isHighSurrogate(code) {
  return code >= 0xd800 && code <= 0xdbff;
}

function withByteOrderMark(bytes) {
  const out = new Uint8Array(BYTE_ORDER_MARK.length + bytes.length);
  out.set(BYTE_ORDER_MARK);
  out.set(bytes, BYTE_ORDER_MARK.length);
  return out;
}

function isSameOrigin(url) {
  const here = globalThis.location?.origin;
  return here !== undefined && new URL(url).origin === here;
}
