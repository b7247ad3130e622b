// Streams one EventSource request with fetch and a ReadableStream body reader.
import { NO_BYTES, prefixReader } from './body-prefix.js';
import { refusedByCors } from './cors-probe.js';
import { requestHeaderList } from './request-headers.js';
import { DEFAULT_REQUEST, defaultContentType } from '../options/request-options.js';

/**
 * Starts the request and reports, in order: response(status, contentType, finalUrl, details), then
 * chunk(bytes) for each body chunk, then end() or error(futile, cause) (futile: 'cors-refused' for a
 * request refused by CORS, otherwise null). Nothing is reported
 * after abort(). details: { statusText, headers (a Headers), readPrefix(limit) }; readPrefix, called
 * while response() runs, reads the body up to `limit` bytes instead of reporting chunks, and resolves
 * to it as UTF-8 text (the caller then aborts). cause: the error fetch rejected with, unwrapped from
 * undici's "fetch failed" TypeError to what it wraps (the socket's ECONNREFUSED, say).
 * `request`: { method, headers, body, credentials, fetch } (request-options.js); `fetch` null is the
 * global one.
 * @returns {{abort(): void}}
 */
export function startFetchRequest(
  { url, lastEventId, accept = 'text/event-stream', request = DEFAULT_REQUEST },
  report,
) {
  const controller = new AbortController();
  // [spec] Accept: text/event-stream; the "no-store" cache mode makes fetch itself add
  // `Cache-Control: no-cache` and `Pragma: no-cache` (setting them here would force a CORS preflight).
  // Last-Event-ID only when the last event ID string is not empty (request-headers.js).
  const headers = new Headers(requestHeaderList(request.headers, accept, lastEventId));
  // Where fetch has no CORS to preflight (no `location`: Node, Deno, Bun), what the spec's fetch adds is
  // set here too, for the runtimes whose fetch does not (Deno's and Bun's ignore the cache mode, Bun's
  // gives a string body no type); undici adds neither twice. Not in the script tags (NODE_ONLY, see
  // js/transports/select-transport.js): they are for browsers.
  NODE_ONLY: if (globalThis.location === undefined) {
    for (const [name, value] of [
      ['Cache-Control', 'no-cache'],
      ['Pragma', 'no-cache'],
      ['Content-Type', defaultContentType(request.body)],
    ]) {
      if (value !== null && !headers.has(name)) headers.set(name, value);
    }
  }
  const init = {
    method: request.method,
    headers,
    body: request.body,
    cache: 'no-store',
    credentials: request.credentials,
    mode: 'cors',
    redirect: 'follow',
    signal: controller.signal,
  };
  // workerd at older compatibility dates throws on any RequestInit `cache`: there it is left out (the
  // headers above say no-cache). Browsers all take it.
  NODE_ONLY: if (!takesCacheMode()) delete init.cache;
  run(request.fetch ?? globalThis.fetch, url, init, controller.signal, report);
  return { abort: () => controller.abort() };
}

let cacheMode;
function takesCacheMode() {
  if (cacheMode === undefined) {
    try {
      new Request('http://127.0.0.1/', { cache: 'no-store' });
      cacheMode = true;
    } catch {
      cacheMode = false;
    }
  }
  return cacheMode;
}

async function run(fetch, url, init, signal, report) {
  let reader;
  let response;
  try {
    response = await fetch(url, init);
    if (signal.aborted) return;
    let prefix = null;
    const readPrefix = (limit) => new Promise((resolve) => (prefix = prefixReader(limit, resolve)));
    const { statusText, headers } = response;
    report.response(response.status, headers.get('content-type') ?? '', response.url || url, {
      statusText,
      headers,
      readPrefix,
    });
    if (prefix !== null) return await readPrefixInto(prefix, response.body);
    if (signal.aborted) return void response.body?.cancel().catch(() => {});
    if (response.body === null) return report.end();
    reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (signal.aborted) return;
      if (done) return report.end();
      report.chunk(value);
      if (signal.aborted) return void reader.cancel().catch(() => {});
    }
  } catch (error) {
    if (signal.aborted) return;
    // Only a request that got no response at all can have been refused by CORS.
    const refused = response === undefined && (await refusedByCors(url, init, signal));
    if (!signal.aborted)
      report.error(refused ? 'cors-refused' : null, error?.cause instanceof Error ? error.cause : error);
  }
}

/** readPrefix(): `body` given to `read` (body-prefix.js) until it has enough, then the rest cancelled. */
async function readPrefixInto(read, body) {
  if (body !== null) {
    const reader = body.getReader();
    try {
      for (let bytes = NO_BYTES; read(bytes);) {
        const { done, value } = await reader.read();
        if (done) break;
        bytes = value;
      }
    } catch {
      // what arrived before the failure is the prefix
    }
    reader.cancel().catch(() => {});
  }
  read(NO_BYTES, true);
}
