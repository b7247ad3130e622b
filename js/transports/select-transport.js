// Picks how an EventSource streams its response: node:http in Node, fetch body streams where they exist, else XHR.
import { startFetchRequest } from './fetch-transport.js';
import {
  nodeHttp2Available,
  nodeHttpAvailable,
  startNodeHttp2Request,
  startNodeHttpRequest,
} from './node-http-transport.js';
import { invalid } from '../options/request-options.js';
import { startXhrRequest } from './xhr-transport.js';

const TRANSPORTS = {
  fetch: { start: startFetchRequest, available: () => hasFetchStreams() },
  xhr: { start: startXhrRequest, available: () => typeof XMLHttpRequest === 'function' },
};
// Bundlers that build for browsers replace node-http-transport.js with a stand-in that is never available
// (package.json "browser", no-node-transport.js); Rollup does with node-resolve's `browser: true`. The
// script tags drop the NODE_ONLY statements (esbuild --drop-labels), with which 'http' is an unknown name.
// Without the flag they are plain statements.
NODE_ONLY: TRANSPORTS.http = { start: startNodeHttpRequest, available: nodeHttpAvailable };
NODE_ONLY: TRANSPORTS.http2 = { start: startNodeHttp2Request, available: nodeHttp2Available };

/** True where fetch responses expose their body as a ReadableStream. */
export function hasFetchStreams() {
  return (
    typeof fetch === 'function' &&
    typeof ReadableStream === 'function' &&
    typeof Response === 'function' &&
    'body' in Response.prototype
  );
}

/**
 * The start function of the transport named by the `transport` option: 'fetch', 'xhr', 'http' (Node's
 * node:http / node:https), 'http2' (Node's node:http2, one session per origin), or 'auto': 'http' where it is available (Node; for http: and https: URLs),
 * else fetch streams when available, else XHR.
 * Throws a TypeError for another name, or for a transport this runtime lacks.
 */
export function selectTransport(option = 'auto') {
  if (option === 'auto') return autoTransport();
  const transport = Object.hasOwn(TRANSPORTS, option) ? TRANSPORTS[option] : undefined;
  if (transport === undefined) invalid('transport', "'auto', 'fetch' or 'xhr' (or 'http' or 'http2' in Node)", option);
  if (!transport.available()) invalid('transport', 'available in this runtime', option);
  return transport.start;
}

// Edge runtimes (js/core/edge-core.js) keep 'auto' on fetch: workerd's node:http is built on its fetch, and
// its responses have no rawHeaders (every one failed as bad-content-type) and bodies already decoded.
let nodeHttpByDefault = true;

/** Internal: 'auto' never picks node:http (the edge entries). */
export function preferFetchTransport() {
  nodeHttpByDefault = false;
}

// In Node, 'auto' is node:http. Measured on the 2-core machine (Node 20.20, 200 000 tiny `data: {...}`
// events from a child-process server, medians of 15 rounds): end to end 1.16-1.18x the events/s of fetch
// at 0.88-0.93x its CPU per event; the transport alone reads the 6.4 MiB body in 0.49x fetch's CPU.
function autoTransport() {
  NODE_ONLY: if (nodeHttpByDefault && TRANSPORTS.http.available())
    return hasFetchStreams() ? startHttpOrFetchRequest : startNodeHttpRequest;
  return TRANSPORTS.fetch.available() || !TRANSPORTS.xhr.available() ? startFetchRequest : startXhrRequest;
}

// Node's fetch also reads data: and blob: URLs, for which there is no HTTP request to make: those stay
// with fetch, as before node:http was the default.
function startHttpOrFetchRequest(options, report) {
  const { protocol } = new URL(options.url);
  const start = protocol === 'http:' || protocol === 'https:' ? startNodeHttpRequest : startFetchRequest;
  return start(options, report);
}
