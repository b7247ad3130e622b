// The standard EventSource interface (WHATWG HTML §9.2.2) over a Connection to the Wasm core.
import { Connection } from '../connection/connection.js';
import { readEventSourceInit } from '../options/event-source-init.js';
import { canShareConnections, SharedConnection, sharedConfig } from '../sharing/shared-connection.js';
import { selectTransport } from '../transports/select-transport.js';
import { errorEvent } from './error-event.js';
import { messageEvent } from './message-event.js';

const CONNECTING = 0;
const OPEN = 1;
const CLOSED = 2;

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
// reading()'s init member: the transport that reads the stream. A symbol no other module has, so no caller can pass it.
const READS_STREAM = Symbol('reads a stream');

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
      reading: (startTransport) => new EventSource('about:event-stream', { [READS_STREAM]: startTransport }),
      connection: (source) => source.#connection,
    };
  }

  constructor(url, eventSourceInitDict = {}) {
    super();
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
    let startTransport; // internals.reading()'s: it reads a stream instead of making requests
    EXTENSIONS: startTransport = eventSourceInitDict?.[READS_STREAM];
    const { config, transport, messageOptions, signal, shared } = readEventSourceInit(this.#url, eventSourceInitDict);
    config.startTransport = startTransport ?? selectTransport(transport);
    // [spec] 7. withCredentials true → "Use Credentials" (cookies and auth cross-origin); the
    // credentials option (an extension) says the same in fetch's words and wins.
    this.#withCredentials = config.request.credentials === 'include';
    const events = this.#connectionEvents(messageOptions);
    // shared: the network connection is a SharedWorker's, one for every source of the origin with this
    // URL and request (where pages cannot share, the source has a connection of its own). What cannot
    // be shared throws wherever it runs, so that code does not work in one place and fail in another.
    let connection;
    EXTENSIONS: if (shared !== undefined && startTransport === undefined) {
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

  // What the Connection reports, as the events this source dispatches.
  #connectionEvents(messageOptions) {
    return {
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
