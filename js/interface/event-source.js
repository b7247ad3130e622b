// The standard EventSource interface (WHATWG HTML §9.2.2) over a Connection to the Wasm core.
import { Connection } from '../connection/connection.js';
import { CoreFlags, DEFAULT_RECONNECTION_TIME } from '../core/boundary.js';
import { readExtensions, withoutExtensions } from '../options/extension-options.js';
import { messageEvent } from './message-event.js';
import { readLimits } from '../options/parser-limits.js';
import { invalid } from '../options/request-options.js';
import { canShareConnections, SharedConnection, sharedConfig } from '../sharing/shared-connection.js';
import { selectTransport } from '../transports/select-transport.js';
import { DEFAULT_XHR_RESPONSE_LIMIT } from '../transports/xhr-transport.js';

const CONNECTING = 0;
const OPEN = 1;
const CLOSED = 2;

export { DEFAULT_LIMITS } from '../options/parser-limits.js';

// Each error's message, from (status, options, details) as Connection reports them; options has the
// limits and maxAttempts. Exported for the modules that add an error (readable-stream-source.js).
export const ERROR_MESSAGES = {
  reconnecting: (status, _, details) => `${whatHappened(status, details)}; reconnecting.`,
  'bad-status': (status, _, { statusText }) => `${answered(status, statusText)}, not 200; not reconnecting.`,
  'bad-content-type': (_, __, { contentType }) =>
    `The response's Content-Type is ${contentType ? `"${contentType}"` : 'missing'}, not text/event-stream; not reconnecting.`,
  'line-too-long': (_, limits) => `A line passed maxLineLength (${limits.maxLineLength} bytes); not reconnecting.`,
  'event-too-large': (_, limits) => `An event passed maxEventSize (${limits.maxEventSize} bytes); not reconnecting.`,
  'cors-refused': () => 'The server did not allow this origin (CORS); not reconnecting.',
  'invalid-request': (_, __, { cause }) => `The request can never be made (${reason(cause)}); not reconnecting.`,
  'core-unavailable': (_, __, { cause }) =>
    `The WebAssembly core failed to load (${reason(cause)}); not connecting. ${coreAdvice(cause)}`,
};

// The retry policy's (an extension: not in the script tags, where retry.maxAttempts cannot be set).
EXTENSIONS: ERROR_MESSAGES['retries-exhausted'] = (status, { maxAttempts }, details) =>
  `${whatHappened(status, details)}, after ${maxAttempts} reconnection attempts in a row (retry.maxAttempts); not reconnecting.`;

function whatHappened(status, { cause, statusText }) {
  if (status !== undefined) return answered(status, statusText);
  return `The connection ${cause === undefined ? 'ended' : `failed (${reason(cause)})`}`;
}

function answered(status, statusText) {
  return `The server answered ${status}${statusText ? ` ${statusText}` : ''}`;
}

// What to do when the core cannot load: a Content-Security-Policy that refuses to compile WebAssembly
// (Chromium and WebKit name the policy, Firefox says "CSP") needs 'wasm-unsafe-eval'; otherwise the core
// can be handed in (README: Where the WebAssembly comes from).
function coreAdvice(cause) {
  return /Content.Security.Policy|\bCSP\b/i.test(String(cause?.message ?? cause))
    ? "Allow compiling WebAssembly: add 'wasm-unsafe-eval' to the page's script-src (a Manifest V3 extension: to content_security_policy.extension_pages in its manifest)."
    : 'Hand the core to initWasm() before the first EventSource: the URL of eventsource-wasm/sse-core.wasm as your server serves it, its bytes, or a WebAssembly.Module.';
}

/** An underlying error in a few words: its code (ECONNREFUSED...) and message. */
function reason(cause) {
  const message = String(cause?.message ?? cause).replace(/^eventsource-wasm: /, '');
  return cause?.code !== undefined && !message.includes(cause.code) ? `${cause.code}: ${message}` : message;
}

/**
 * Internal (event-iteration.js): observer.message(event) is called after each message event's dispatch,
 * observer.end(errorEvent) once when the source closes (the error event that failed it, or undefined
 * after close()). Returns a function that stops observing.
 */
export let observeEventSource;

/**
 * Internal (readable-stream-source.js), not in the script tags: reading(startTransport) makes an
 * EventSource of url `about:event-stream` whose connection reads with that transport instead of
 * making requests; connection(source) is a source's Connection.
 */
export let internals;
let nextTransport = null; // reading()'s, for the constructor it calls

/**
 * new EventSource(url, { withCredentials, transport, maxLineLength, maxEventSize, xhrResponseLimit, legacy,
 *                        method, headers, body, credentials, signal, fetch, retry, inactivityTimeout, timers })
 * Standard members as in the HTML standard; the other options are extensions (see README).
 */
export class EventSource extends EventTarget {
  #url;
  #withCredentials;
  #connection;
  #unlinkSignal = null; // removes the signal option's abort listener
  #observers = null; // observeEventSource's, while there are any
  #handlers = { open: null, message: null, error: null };
  #handlerListeners = {
    open: (event) => this.#callHandler('open', event),
    message: (event) => this.#callHandler('message', event),
    error: (event) => this.#callHandler('error', event),
  };

  static {
    observeEventSource = (source, observer) => {
      (source.#observers ??= new Set()).add(observer);
      return () => source.#observers?.delete(observer);
    };
    EXTENSIONS: internals = {
      reading(startTransport) {
        nextTransport = startTransport;
        try {
          return new EventSource('about:event-stream');
        } finally {
          nextTransport = null;
        }
      },
      connection: (source) => source.#connection,
    };
  }

  constructor(url, eventSourceInitDict = {}) {
    super();
    const startTransport = nextTransport; // internals.reading()'s (it resets nextTransport), else null
    // [WebIDL] The url argument is required; the dictionary is an object, or null/undefined for its defaults.
    if (arguments.length === 0) throw new TypeError('EventSource: the url argument is required.');
    if (
      eventSourceInitDict !== null &&
      typeof eventSourceInitDict !== 'object' &&
      typeof eventSourceInitDict !== 'function'
    ) {
      throw new TypeError('EventSource: the second argument must be an object.');
    }
    // [spec] 3-5. Parse url relative to the relevant settings object's API base URL; on failure
    // throw a "SyntaxError" DOMException.
    let urlRecord;
    try {
      urlRecord = new URL(String(url), baseUrl());
    } catch {
      throw new DOMException(`Cannot parse "${url}" as a URL.`, 'SyntaxError');
    }
    this.#url = urlRecord.href;
    // [spec] 7. withCredentials true → "Use Credentials" (cookies and auth cross-origin); the
    // credentials option (an extension) says the same in fetch's words and wins.
    let extensions;
    EXTENSIONS: extensions = readExtensions(eventSourceInitDict); // dropped in the script tags (extension-options.js)
    const { request, retry, signal, timers, shared } = extensions ?? withoutExtensions(eventSourceInitDict);
    this.#withCredentials = request.credentials === 'include';
    const limits = readLimits(eventSourceInitDict, 'EventSource');
    const messageOptions = { ...limits, maxAttempts: retry?.maxAttempts };
    const transport = readTransport(eventSourceInitDict, request);
    const config = {
      url: this.#url,
      request,
      startTransport: startTransport ?? selectTransport(transport),
      xhrResponseLimit: readXhrResponseLimit(eventSourceInitDict),
      limits,
      reconnectionTime: DEFAULT_RECONNECTION_TIME,
      flags: readLegacyFlags(eventSourceInitDict?.legacy),
      accept: 'text/event-stream',
      retry,
      timers,
    };
    const events = {
      open: () => this.dispatchEvent(new Event('open')),
      error: (code, status, details) => {
        const event = errorEvent(code, status, messageOptions, details);
        this.dispatchEvent(event);
        if (this.readyState === CLOSED) this.#ended(event);
      },
      // Legacy dispatch options (Bubbles, Target...) mean nothing here: this is not a DOM node.
      message: (type, data, lastEventId, origin) => {
        const event = messageEvent(type, { data, origin, lastEventId });
        this.dispatchEvent(event);
        this.#observers?.forEach((observer) => observer.message(event));
      },
    };
    // shared: the network connection is a SharedWorker's, one for every source of the origin with this
    // URL and request (where pages cannot share, the source has a connection of its own). What cannot
    // be shared throws wherever it runs, so that code does not work in one place and fail in another.
    let connection;
    EXTENSIONS: if (shared !== undefined && startTransport === null) {
      const description = sharedConfig(config, transport);
      if (canShareConnections()) connection = new SharedConnection(description, config, events, shared.worker);
    }
    this.#connection = connection ?? new Connection(config, events);
    // The signal option: aborting it is close(); an aborted one closes the source at once.
    EXTENSIONS: if (signal?.aborted) this.close();
    else if (signal !== undefined) {
      const onAbort = () => this.close();
      signal.addEventListener('abort', onAbort, { once: true });
      this.#unlinkSignal = () => signal.removeEventListener('abort', onAbort);
    }
  }

  get url() {
    return this.#url;
  }
  get withCredentials() {
    return this.#withCredentials;
  }
  get readyState() {
    return this.#connection.readyState;
  }

  get onopen() {
    return this.#handlers.open;
  }
  set onopen(handler) {
    this.#setHandler('open', handler);
  }
  get onmessage() {
    return this.#handlers.message;
  }
  set onmessage(handler) {
    this.#setHandler('message', handler);
  }
  get onerror() {
    return this.#handlers.error;
  }
  set onerror(handler) {
    this.#setHandler('error', handler);
  }

  /** [spec] Abort any fetch and pending reconnect and set readyState to CLOSED; nothing fires. */
  close() {
    this.#connection.close();
    this.#unlinkSignal?.();
    this.#unlinkSignal = null;
    this.#ended(undefined);
  }

  #ended(errorEvent) {
    const observers = this.#observers;
    this.#observers = null;
    observers?.forEach((observer) => observer.end(errorEvent));
  }

  // Event handler IDL attributes: the listener is added when a handler is first set, so it runs in
  // the order it was registered relative to addEventListener listeners, as in browsers. Where the
  // runtime's EventTarget calls on<type> properties itself (workerd), it only stores the handler.
  #setHandler(type, handler) {
    const had = this.#handlers[type] !== null;
    this.#handlers[type] = typeof handler === 'function' ? handler : null;
    if (eventTargetCallsHandlers()) return;
    if (!had && this.#handlers[type] !== null) this.addEventListener(type, this.#handlerListeners[type]);
    if (had && this.#handlers[type] === null) this.removeEventListener(type, this.#handlerListeners[type]);
  }

  #callHandler(type, event) {
    this.#handlers[type]?.call(this, event);
  }
}

// Whether this runtime's EventTarget calls a target's on<type> property when it dispatches <type>, as
// workerd's does: asked once, of a probe, by what it does.
let callsHandlers;
function eventTargetCallsHandlers() {
  if (callsHandlers === undefined) {
    const probe = new EventTarget();
    callsHandlers = false;
    Object.defineProperty(probe, 'onprobe', {
      get: () => () => {
        callsHandlers = true;
      },
    });
    probe.dispatchEvent(new Event('probe'));
  }
  return callsHandlers;
}

for (const [name, value] of Object.entries({ CONNECTING, OPEN, CLOSED })) {
  const descriptor = { value, enumerable: true, writable: false, configurable: false };
  Object.defineProperty(EventSource, name, descriptor);
  Object.defineProperty(EventSource.prototype, name, descriptor);
}
Object.defineProperty(EventSource.prototype, Symbol.toStringTag, { value: 'EventSource', configurable: true });
// [WebIDL] Interface members are enumerable properties of the prototype (class members are not).
for (const name of ['url', 'withCredentials', 'readyState', 'onopen', 'onmessage', 'onerror', 'close']) {
  Object.defineProperty(EventSource.prototype, name, { enumerable: true });
}

function baseUrl() {
  return globalThis.document?.baseURI ?? globalThis.location?.href;
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
export function readLegacyFlags(legacy = true) {
  if (legacy === false) return 0;
  if (legacy === true) return CoreFlags.READ_LEGACY_STREAMS;
  if (typeof legacy !== 'object' || legacy === null) invalid('legacy', 'true, false or an object', legacy);
  return legacyDialectFlags(legacy) | CoreFlags.READ_LEGACY_STREAMS;
}

/** The core flags for the legacy dialect's options { strictLineFeeds, requireEventField }. */
export function legacyDialectFlags({ strictLineFeeds = false, requireEventField = false } = {}) {
  return (strictLineFeeds ? CoreFlags.STRICT_LINE_FEEDS : 0) | (requireEventField ? CoreFlags.REQUIRE_EVENT_FIELD : 0);
}

// An `error` event is a plain Event, as the standard says; `code`, `status` and `message` are
// extensions that tell why it fired, with `cause` (the underlying error) where there is one and, for a
// failed response, `statusText`, `headers` and `body` (up to 4 KiB of it as text).
function errorEvent(code, status, options, details) {
  const event = new Event('error');
  const fields = { code, status, message: ERROR_MESSAGES[code](status, options, details) };
  for (const name of ['cause', 'statusText', 'headers', 'body'])
    if (details[name] !== undefined) fields[name] = details[name];
  for (const [name, value] of Object.entries(fields)) Object.defineProperty(event, name, { value, enumerable: true });
  return event;
}
