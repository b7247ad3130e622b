// The standard EventSource interface (WHATWG HTML §9.2.2), driving the Wasm core over a transport.
import { loadCore } from './core-module.js';
import { CoreSession } from './core-session.js';
import { selectTransport } from './transports.js';
import { DEFAULT_XHR_RESPONSE_LIMIT } from './xhr-transport.js';

const CONNECTING = 0;
const OPEN = 1;
const CLOSED = 2;

/** Defaults of the non-standard limits (UTF-8 bytes), the same as the C++ ParserLimits. */
export const DEFAULT_LIMITS = Object.freeze({ maxLineLength: 8 * 1024 * 1024, maxEventSize: 16 * 1024 * 1024 });
const DEFAULT_RECONNECTION_TIME = 3000;

const ERROR_MESSAGES = {
  'reconnecting': () => 'The connection was lost; reconnecting.',
  'bad-status': (status) => `The server answered with status ${status}, not 200; not reconnecting.`,
  'bad-content-type': () => 'The response is not text/event-stream; not reconnecting.',
  'line-too-long': (_, limits) => `A line passed maxLineLength (${limits.maxLineLength} bytes); not reconnecting.`,
  'event-too-large': (_, limits) => `An event passed maxEventSize (${limits.maxEventSize} bytes); not reconnecting.`,
  'cors-refused': () => 'The server did not allow this origin (CORS); not reconnecting.',
  'core-unavailable': () => 'The WebAssembly core failed to load; not connecting.',
};

// Frees the C++ object of a source that was collected without close().
const sessions = new FinalizationRegistry((session) => session.free());

/**
 * new EventSource(url, { withCredentials, transport, maxLineLength, maxEventSize, xhrResponseLimit })
 * Standard members as in the HTML standard; the other options are extensions (see README).
 */
export class EventSource extends EventTarget {
  #url;
  #requestUrl; // where requests go: the URL, or after a redirect the URL it led to
  #withCredentials;
  #limits;
  #startTransport;
  #xhrResponseLimit;
  #readyState = CONNECTING;
  #lastEventId = '';
  #origin = '';
  #session = null;
  #request = null;
  #timer = null;
  #handlers = { open: null, message: null, error: null };
  #handlerListeners = {
    open: (event) => this.#callHandler('open', event),
    message: (event) => this.#callHandler('message', event),
    error: (event) => this.#callHandler('error', event),
  };
  #sink = {
    startRequest: (lastEventId) => this.#startRequest(lastEventId),
    abortRequest: () => this.#abortRequest(),
    announce: () => this.#announce(),
    fireError: (readyState, code, status) => this.#fireError(readyState, code, status),
    scheduleReconnect: (ms) => this.#scheduleReconnect(ms),
    cancelReconnect: () => this.#cancelReconnect(),
    setLastEventId: (id) => void (this.#lastEventId = id),
    dispatch: (type, data) => this.#dispatch(type, data),
  };

  constructor(url, eventSourceInitDict = {}) {
    super();
    // [spec] 3-5. Parse url relative to the relevant settings object's API base URL; on failure
    // throw a "SyntaxError" DOMException.
    let urlRecord;
    try {
      urlRecord = new URL(String(url), baseUrl());
    } catch {
      throw new DOMException(`Cannot parse "${url}" as a URL.`, 'SyntaxError');
    }
    this.#url = urlRecord.href;
    this.#requestUrl = this.#url;
    // [spec] 7. withCredentials true → "Use Credentials" (cookies and auth cross-origin).
    this.#withCredentials = Boolean(eventSourceInitDict?.withCredentials);
    this.#limits = readLimits(eventSourceInitDict);
    this.#startTransport = selectTransport(eventSourceInitDict?.transport);
    this.#xhrResponseLimit = readXhrResponseLimit(eventSourceInitDict);
    // The constructor stays synchronous: the request starts once the core is loaded.
    loadCore().then((core) => this.#begin(core), (error) => this.#coreUnavailable(error));
  }

  get url() { return this.#url; }
  get withCredentials() { return this.#withCredentials; }
  get readyState() { return this.#readyState; }

  get onopen() { return this.#handlers.open; }
  set onopen(handler) { this.#setHandler('open', handler); }
  get onmessage() { return this.#handlers.message; }
  set onmessage(handler) { this.#setHandler('message', handler); }
  get onerror() { return this.#handlers.error; }
  set onerror(handler) { this.#setHandler('error', handler); }

  /** [spec] Abort any fetch and pending reconnect and set readyState to CLOSED; nothing fires. */
  close() {
    this.#readyState = CLOSED;
    const session = this.#session;
    if (session === null) return; // not started yet (#begin sees CLOSED), or closed already
    this.#session = null;
    sessions.unregister(this);
    session.close(this.#sink); // aborts the request or cancels the reconnect timer
    session.free(); // also stops the batch being read, if close() was called from a handler
  }

  #begin(core) {
    if (this.#readyState === CLOSED) return; // close() came first: no request, no open
    this.#session = new CoreSession(core, { ...this.#limits, reconnectionTime: DEFAULT_RECONNECTION_TIME });
    sessions.register(this, this.#session, this);
    this.#session.start(this.#sink);
  }

  #coreUnavailable(error) {
    if (this.#readyState === CLOSED) return;
    this.#readyState = CLOSED;
    this.dispatchEvent(errorEvent('core-unavailable', undefined, this.#limits, error));
  }

  #startRequest(lastEventId) {
    const session = this.#session;
    this.#request = this.#startTransport(
      { url: this.#requestUrl, lastEventId, withCredentials: this.#withCredentials, responseLimit: this.#xhrResponseLimit },
      {
        response: (status, contentType, finalUrl) => {
          // [spec] Reconnection fetches "the EventSource object's request", whose URL list a redirect
          // extended: the next request goes where the redirect led (as in Chromium; whatwg/html#503).
          // Events carry the origin of that final URL; the url attribute does not change.
          this.#requestUrl = finalUrl;
          this.#origin = new URL(finalUrl).origin;
          session.response(status, contentType, this.#sink);
        },
        chunk: (bytes) => session.feed(bytes, this.#sink),
        end: () => session.end(this.#sink),
        error: (refusedByCors) => (refusedByCors ? session.refused(this.#sink) : session.networkError(this.#sink)),
        recycle: () => session.recycle(this.#sink),
      },
    );
  }

  #abortRequest() {
    this.#request?.abort();
    this.#request = null;
  }

  #announce() {
    this.#readyState = OPEN;
    this.dispatchEvent(new Event('open'));
  }

  #fireError(readyState, code, status) {
    this.#readyState = readyState;
    this.dispatchEvent(errorEvent(code, status || undefined, this.#limits));
  }

  #scheduleReconnect(ms) {
    const session = this.#session;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      session.timerFired(this.#sink);
    }, ms);
    this.#timer.unref?.(); // Node: a reconnect alone does not keep the process alive
  }

  #cancelReconnect() {
    clearTimeout(this.#timer);
    this.#timer = null;
  }

  #dispatch(type, data) {
    const event = new MessageEvent(type === '' ? 'message' : type, {
      data,
      origin: this.#origin,
      lastEventId: this.#lastEventId,
    });
    this.dispatchEvent(event);
  }

  // Event handler IDL attributes: the listener is added when a handler is first set, so it runs in
  // the order it was registered relative to addEventListener listeners, as in browsers.
  #setHandler(type, handler) {
    const had = this.#handlers[type] !== null;
    this.#handlers[type] = typeof handler === 'function' ? handler : null;
    if (!had && this.#handlers[type] !== null) this.addEventListener(type, this.#handlerListeners[type]);
    if (had && this.#handlers[type] === null) this.removeEventListener(type, this.#handlerListeners[type]);
  }

  #callHandler(type, event) {
    this.#handlers[type]?.call(this, event);
  }
}

for (const [name, value] of Object.entries({ CONNECTING, OPEN, CLOSED })) {
  const descriptor = { value, enumerable: true, writable: false, configurable: false };
  Object.defineProperty(EventSource, name, descriptor);
  Object.defineProperty(EventSource.prototype, name, descriptor);
}
Object.defineProperty(EventSource.prototype, Symbol.toStringTag, { value: 'EventSource', configurable: true });

function baseUrl() {
  return globalThis.document?.baseURI ?? globalThis.location?.href;
}

function readLimits(init) {
  const limits = { ...DEFAULT_LIMITS };
  for (const name of Object.keys(DEFAULT_LIMITS)) {
    const value = init?.[name];
    if (value === undefined) continue;
    if (!Number.isInteger(value) || value < 1 || value > 0x7fffffff) {
      throw new RangeError(`EventSource option ${name} must be an integer from 1 to 2147483647, got ${value}.`);
    }
    limits[name] = value;
  }
  return limits;
}

function readXhrResponseLimit(init) {
  const value = init?.xhrResponseLimit ?? DEFAULT_XHR_RESPONSE_LIMIT;
  if (typeof value !== 'number' || !(value >= 1)) {
    throw new RangeError(`EventSource option xhrResponseLimit must be a number of bytes >= 1, got ${value}.`);
  }
  return value;
}

// An `error` event is a plain Event, as the standard says; `code`, `status` and `message` are
// extensions that tell why it fired.
function errorEvent(code, status, limits, cause) {
  const event = new Event('error');
  const message = ERROR_MESSAGES[code](status, limits);
  Object.defineProperties(event, {
    code: { value: code, enumerable: true },
    status: { value: status, enumerable: true },
    message: { value: message, enumerable: true },
    ...(cause === undefined ? {} : { cause: { value: cause, enumerable: true } }),
  });
  return event;
}
