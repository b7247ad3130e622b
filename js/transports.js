// Picks how an EventSource streams its response: fetch body streams where they exist, else XHR.
import { startFetchRequest } from './fetch-transport.js';
import { startXhrRequest } from './xhr-transport.js';

const TRANSPORTS = {
  fetch: { start: startFetchRequest, available: () => hasFetchStreams() },
  xhr: { start: startXhrRequest, available: () => typeof XMLHttpRequest === 'function' },
};

/** True where fetch responses expose their body as a ReadableStream. */
export function hasFetchStreams() {
  return typeof fetch === 'function' && typeof ReadableStream === 'function' &&
    typeof Response === 'function' && 'body' in Response.prototype;
}

/**
 * The start function of the transport named by the `transport` option: 'fetch', 'xhr', or 'auto'
 * (fetch streams when available, XHR otherwise). Throws a TypeError for another name, or for a
 * transport this runtime lacks.
 */
export function selectTransport(option = 'auto') {
  if (option === 'auto') {
    return TRANSPORTS.fetch.available() || !TRANSPORTS.xhr.available() ? startFetchRequest : startXhrRequest;
  }
  const transport = Object.hasOwn(TRANSPORTS, option) ? TRANSPORTS[option] : undefined;
  if (transport === undefined) {
    throw new TypeError(`EventSource option transport must be 'auto', 'fetch' or 'xhr', got ${String(option)}.`);
  }
  if (!transport.available()) {
    throw new TypeError(`EventSource option transport '${option}' is not available in this runtime.`);
  }
  return transport.start;
}
