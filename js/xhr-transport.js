// Streams one EventSource request with XMLHttpRequest, for runtimes without fetch body streams.
import { lastEventIdHeaderValue } from './last-event-id-header.js';

/** Default of the `xhrResponseLimit` option: the response text XHR may accumulate, in bytes. */
export const DEFAULT_XHR_RESPONSE_LIMIT = 4 * 1024 * 1024;

/**
 * Same contract as startFetchRequest: response(status, contentType, finalUrl), chunk(bytes), then end()
 * or error(reason); nothing after abort(). XHR keeps the whole response in `responseText`, so once it
 * holds more than `responseLimit` bytes this also calls recycle() after each chunk, asking for a fresh
 * request (the caller replaces it when the stream is between events).
 * @returns {{abort(): void}}
 */
export function startXhrRequest({ url, lastEventId, withCredentials, responseLimit = DEFAULT_XHR_RESPONSE_LIMIT }, report) {
  const xhr = new XMLHttpRequest();
  let aborted = false;
  let responded = false;
  let offset = 0; // bytes of responseText already delivered

  xhr.open('GET', url, true);
  xhr.withCredentials = withCredentials;
  // x-user-defined maps each byte to one char (0x80-0xFF to U+F780-U+F7FF): the raw bytes come back
  // with `& 0xFF`, and the Wasm parser decodes UTF-8 across chunks itself.
  xhr.overrideMimeType('text/plain; charset=x-user-defined');
  xhr.setRequestHeader('Accept', 'text/event-stream');
  // XHR has no cache mode; the header is only set same-origin, where it cannot force a CORS preflight.
  if (isSameOrigin(url)) xhr.setRequestHeader('Cache-Control', 'no-cache');
  if (lastEventId !== '') xhr.setRequestHeader('Last-Event-ID', lastEventIdHeaderValue(lastEventId));

  const respond = () => {
    if (responded || aborted || xhr.readyState < XMLHttpRequest.HEADERS_RECEIVED || xhr.status === 0) return;
    responded = true;
    report.response(xhr.status, xhr.getResponseHeader('Content-Type') ?? '', xhr.responseURL || url);
  };
  const deliver = () => {
    respond();
    if (aborted || !responded) return;
    const text = xhr.responseText;
    if (text.length > offset) {
      const bytes = new Uint8Array(text.length - offset);
      for (let i = 0; i < bytes.length; i++) bytes[i] = text.charCodeAt(offset + i) & 0xff;
      offset = text.length;
      report.chunk(bytes);
    }
    if (!aborted && offset > responseLimit) report.recycle();
  };
  xhr.onreadystatechange = respond;
  xhr.onprogress = deliver;
  xhr.onload = () => {
    deliver();
    if (!aborted) report.end();
  };
  // A refused CORS request, a DNS failure and a reset connection all look alike here: network errors.
  xhr.onerror = () => {
    if (!aborted) report.error(new Error('XMLHttpRequest network error'));
  };
  xhr.send();

  return {
    abort() {
      aborted = true;
      xhr.abort();
    },
  };
}

function isSameOrigin(url) {
  const here = globalThis.location?.origin;
  return here !== undefined && new URL(url).origin === here;
}
