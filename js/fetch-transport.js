// Streams one EventSource request with fetch and a ReadableStream body reader.
import { refusedByCors } from './cors-probe.js';
import { requestHeaderList } from './request-headers.js';
import { DEFAULT_REQUEST } from './request-options.js';

/**
 * Starts the request and reports, in order: response(status, contentType, finalUrl), then chunk(bytes)
 * for each body chunk, then end() or error(refusedByCors). Nothing is reported after abort().
 * `request`: { method, headers, body, credentials, fetch } (request-options.js); `fetch` null is the
 * global one.
 * @returns {{abort(): void}}
 */
export function startFetchRequest({ url, lastEventId, accept = 'text/event-stream', request = DEFAULT_REQUEST }, report) {
  const controller = new AbortController();
  // [spec] Accept: text/event-stream; the "no-store" cache mode makes fetch itself add
  // `Cache-Control: no-cache` and `Pragma: no-cache` (setting them here would force a CORS preflight).
  // Last-Event-ID only when the last event ID string is not empty (request-headers.js).
  const headers = new Headers(requestHeaderList(request.headers, accept, lastEventId));
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
  run(request.fetch ?? globalThis.fetch, url, init, controller.signal, report, request.credentials === 'include');
  return { abort: () => controller.abort() };
}

async function run(fetch, url, init, signal, report, withCredentials) {
  let reader;
  let response;
  try {
    response = await fetch(url, init);
    if (signal.aborted) return;
    report.response(response.status, response.headers.get('content-type') ?? '', response.url || url);
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
  } catch {
    if (signal.aborted) return;
    // Only a request that got no response at all can have been refused by CORS.
    const refused = response === undefined && (await refusedByCors(url, withCredentials));
    if (!signal.aborted) report.error(refused);
  }
}
