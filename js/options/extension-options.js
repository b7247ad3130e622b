// The extensions of `new EventSource(url, init)` that go beyond the standard interface: request options
// (request-options.js, network-options.js), the retry policy and watchdog (retry-policy.js), signal, timers and shared. Read in one
// place so that the script-tag builds, which are the standard EventSource only, can leave them out:
// build.sh drops the EXTENSIONS-labelled statement of event-source.js there (esbuild --drop-labels), and
// with it readExtensions and what it imports (~1.5 KB gzip); withoutExtensions then rejects them.
import { DEFAULT_REQUEST, invalid, readRequestOptions } from './request-options.js';
import { readNetworkOptions } from './network-options.js';
import { readRetryPolicy } from './retry-policy.js';

/** The names of the init members readExtensions reads. */
export const EXTENSION_OPTIONS = [
  'method',
  'headers',
  'body',
  'credentials',
  'fetch',
  'proxy',
  'tls',
  'signal',
  'retry',
  'inactivityTimeout',
  'timers',
  'shared',
];

/** { request, retry, signal, timers, shared } from the init dictionary, each checked (a TypeError or RangeError names the option). */
export function readExtensions(init) {
  return {
    request: { ...readRequestOptions(init), ...readNetworkOptions(init) },
    retry: readRetryPolicy(init),
    signal: readSignal(init?.signal),
    timers: readTimers(init?.timers),
    shared: readShared(init?.shared),
  };
}

/**
 * The shared option (js/sharing/shared-connection.js): false/undefined, true, or { worker } naming the URL of
 * the SharedWorker script (js/shared-worker.js) where a bundler moved it. Returns undefined or { worker }.
 */
function readShared(shared) {
  if (shared == null || shared === false) return undefined;
  if (shared === true) return { worker: undefined };
  if (typeof shared === 'object' && (typeof shared.worker === 'string' || shared.worker instanceof URL))
    return { worker: String(shared.worker) };
  return invalid('shared', 'true, false or { worker: the URL of shared-worker.js }', shared);
}

/** The same without the extensions (the script tags): the standard request, and a TypeError for any extension given. */
export function withoutExtensions(init) {
  const given = EXTENSION_OPTIONS.find((name) => init?.[name] !== undefined);
  if (given !== undefined) {
    throw new TypeError(
      `EventSource option ${given} is not in the script-tag build, which is the standard EventSource only: import the eventsource-wasm module (js/index.js) for it.`,
    );
  }
  return { request: init?.withCredentials ? { ...DEFAULT_REQUEST, credentials: 'include' } : DEFAULT_REQUEST };
}

/** The signal option: an AbortSignal, or undefined. */
function readSignal(signal) {
  if (signal == null) return undefined;
  return typeof signal.aborted === 'boolean' && typeof signal.addEventListener === 'function'
    ? signal
    : invalid('signal', 'an AbortSignal', signal);
}

/** The timers option: { setTimeout, clearTimeout, now } for a fake clock (tests), or undefined. */
export function readTimers(timers) {
  if (timers == null) return undefined;
  return ['setTimeout', 'clearTimeout', 'now'].every((name) => typeof timers[name] === 'function')
    ? timers
    : invalid('timers', 'an object with setTimeout, clearTimeout and now functions', timers);
}
