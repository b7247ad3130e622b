// Streams one EventSource request with fetch and a ReadableStream body reader.
import { refusedByCors } from './cors-probe.js';
import { lastEventIdHeaderValue } from './last-event-id-header.js';

/**
 * Starts the request and reports, in order: response(status, contentType, finalUrl), then chunk(bytes)
 * for each body chunk, then end() or error(refusedByCors). Nothing is reported after abort().
 * @returns {{abort(): void}}
 */
export function startFetchRequest({ url, lastEventId, withCredentials, accept = 'text/event-stream', fetch = globalThis.fetch }, report) {
  const controller = new AbortController();
  // [spec] Accept: text/event-stream; the "no-store" cache mode makes fetch itself add
  // `Cache-Control: no-cache` and `Pragma: no-cache` (setting them here would force a CORS preflight).
  const headers = { Accept: accept };
  // [spec] Reestablish, step 5: Last-Event-ID only when the last event ID string is not empty.
  if (lastEventId !== '') headers['Last-Event-ID'] = lastEventIdHeaderValue(lastEventId);
  const init = {
    headers,
    cache: 'no-store',
    credentials: withCredentials ? 'include' : 'same-origin',
    mode: 'cors',
    redirect: 'follow',
    signal: controller.signal,
  };
  run(fetch, url, init, controller.signal, report, withCredentials);
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
