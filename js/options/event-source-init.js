// `new EventSource(url, eventSourceInitDict)`: the dictionary read once, at construction, into what the
// source's Connection is configured with (js/connection/connection.js), so that a mistake throws there
// rather than failing every reconnection. withCredentials is the standard's; every other member is an
// extension (README). The extensions beyond the script tags' standard EventSource are read by
// extension-options.js in the EXTENSIONS-labelled statement below, which build.sh drops from the script
// tags (esbuild --drop-labels), and with it what it imports.
import { CoreFlags, DEFAULT_RECONNECTION_TIME } from '../core/boundary.js';
import { DEFAULT_XHR_RESPONSE_LIMIT } from '../transports/xhr-transport.js';
import { readExtensions, withoutExtensions } from './extension-options.js';
import { networkTransport } from './network-options.js';
import { readLimits } from './parser-limits.js';
import { invalid } from './request-options.js';

/**
 * { config, transport, messageOptions, signal, shared } for the source of URL `url` (parsed already):
 * config is the Connection's but for startTransport (which the interface picks, from `transport`),
 * messageOptions what the error events' messages quote (the limits, retry.maxAttempts), signal and shared
 * the options of those names (undefined when not given; js/options/extension-options.js).
 */
export function readEventSourceInit(url, init) {
  let extensions;
  EXTENSIONS: extensions = readExtensions(init);
  const { request, retry, signal, timers, shared } = extensions ?? withoutExtensions(init);
  const limits = readLimits(init, 'EventSource');
  let transport;
  EXTENSIONS: transport = networkTransport(init?.transport, request);
  transport ??= readTransport(init, request);
  const config = {
    url,
    request,
    xhrResponseLimit: readXhrResponseLimit(init),
    limits,
    reconnectionTime: DEFAULT_RECONNECTION_TIME,
    flags: readLegacyFlags(init?.legacy),
    accept: 'text/event-stream',
    retry,
    timers,
  };
  const messageOptions = { ...limits, maxAttempts: retry?.maxAttempts };
  return { config, transport, messageOptions, signal, shared };
}

/** The transport option; a custom fetch means the fetch transport ('auto' or 'fetch' then). */
function readTransport(init, request) {
  const transport = init?.transport ?? 'auto';
  if (request.fetch === null) return transport;
  return transport === 'auto' || transport === 'fetch'
    ? 'fetch'
    : invalid('transport', "'fetch' (or none) with the fetch option", transport);
}

/** The xhrResponseLimit option, validated. */
function readXhrResponseLimit(init) {
  const value = init?.xhrResponseLimit ?? DEFAULT_XHR_RESPONSE_LIMIT;
  if (typeof value !== 'number' || !(value >= 1)) {
    throw new RangeError(`EventSource option xhrResponseLimit must be a number of bytes >= 1, got ${value}.`);
  }
  return value;
}

/**
 * The core flags for the `legacy` option: true (default) reads application/x-dom-event-stream with the
 * legacy dialect; false fails such responses, as the standard does; an object also picks the
 * dialect's options { strictLineFeeds, requireEventField }.
 */
function readLegacyFlags(legacy = true) {
  if (legacy === false) return 0;
  if (legacy === true) return CoreFlags.READ_LEGACY_STREAMS;
  if (typeof legacy !== 'object' || legacy === null) invalid('legacy', 'true, false or an object', legacy);
  return legacyDialectFlags(legacy) | CoreFlags.READ_LEGACY_STREAMS;
}

/** The core flags for the legacy dialect's options { strictLineFeeds, requireEventField }. */
export function legacyDialectFlags({ strictLineFeeds = false, requireEventField = false } = {}) {
  return (strictLineFeeds ? CoreFlags.STRICT_LINE_FEEDS : 0) | (requireEventField ? CoreFlags.REQUIRE_EVENT_FIELD : 0);
}
