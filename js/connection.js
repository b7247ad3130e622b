// One connection's life, shared by EventSource and the legacy <event-source> element: the Wasm state
// machine (CoreSession), the transport it asks for, and the reconnect timer.
import { loadCore } from './core-module.js';
import { CoreSession } from './core-session.js';
import { DEFAULT_REQUEST } from './request-options.js';

const CONNECTING = 0;
const OPEN = 1;
const CLOSED = 2;

/** Bits of the core's `flags` (cpp/src/bindings.cc). */
export const CoreFlags = Object.freeze({
  LEGACY_ELEMENT_PROFILE: 1, // 2006 status rules (<event-source>, addEventSource)
  READ_LEGACY_STREAMS: 2, // read application/x-dom-event-stream with the legacy dialect
  STRICT_LINE_FEEDS: 4,
  REQUIRE_EVENT_FIELD: 8,
});

// Frees the C++ object of a connection that was collected without close().
const sessions = new FinalizationRegistry((session) => session.free());

/**
 * config: { url, request, startTransport, xhrResponseLimit, limits: {maxLineLength, maxEventSize},
 *           reconnectionTime, flags, accept }, where request is { method, headers, body, credentials,
 *           fetch } (request-options.js; default: the standard's GET)
 * events: { open(), error(code, status, cause), message(type, data, lastEventId, origin, options) }
 *   where options is null for standard events, { target, bubbles, cancelable } for legacy ones.
 *   readyState is up to date when each is called.
 */
export class Connection {
  #config;
  #events;
  #readyState = CONNECTING;
  #requestUrl; // the URL, or after a redirect the URL it led to
  #origin = '';
  #lastEventId = '';
  #dispatchOptions = null; // of the next legacy event
  #session = null;
  #request = null;
  #timer = null;
  #sink = {
    startRequest: (lastEventId) => this.#startRequest(lastEventId),
    abortRequest: () => this.#abortRequest(),
    announce: () => this.#announce(),
    fireError: (readyState, code, status) => this.#fireError(readyState, code, status),
    scheduleReconnect: (ms) => this.#scheduleReconnect(ms),
    cancelReconnect: () => this.#cancelReconnect(),
    setLastEventId: (id) => void (this.#lastEventId = id),
    dispatchOptions: (target, bubbles, cancelable) => void (this.#dispatchOptions = { target, bubbles, cancelable }),
    dispatch: (type, data) => this.#dispatch(type, data),
  };

  constructor(config, events) {
    this.#config = config;
    this.#events = events;
    this.#requestUrl = config.url;
    // Callers stay synchronous: the request starts once the core is loaded.
    loadCore().then((core) => this.#begin(core), (error) => this.#coreUnavailable(error));
  }

  get readyState() {
    return this.#readyState;
  }

  /** Aborts the request and any pending reconnect; readyState CLOSED; nothing is reported afterwards. */
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
    const { limits, reconnectionTime, flags } = this.#config;
    this.#session = new CoreSession(core, { ...limits, reconnectionTime, flags });
    sessions.register(this, this.#session, this);
    this.#session.start(this.#sink);
  }

  #coreUnavailable(error) {
    if (this.#readyState === CLOSED) return;
    this.#readyState = CLOSED;
    this.#events.error('core-unavailable', undefined, error);
  }

  #startRequest(lastEventId) {
    const session = this.#session;
    const { request = DEFAULT_REQUEST, xhrResponseLimit, accept } = this.#config;
    this.#request = this.#config.startTransport(
      { url: this.#requestUrl, lastEventId, request, responseLimit: xhrResponseLimit, accept },
      {
        response: (status, contentType, finalUrl) => {
          // [spec] Reconnection fetches "the EventSource object's request", whose URL list a redirect
          // extended: the next request goes where the redirect led (as in Chromium; whatwg/html#503).
          // Events carry the origin of that final URL.
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
    this.#events.open();
  }

  #fireError(readyState, code, status) {
    this.#readyState = readyState;
    this.#events.error(code, status || undefined);
  }

  #scheduleReconnect(ms) {
    const session = this.#session;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      session.timerFired(this.#sink);
    }, ms);
    // Not unref'd: in Node a source waiting to reconnect keeps the process alive, as its open socket
    // did; close() clears the timer and lets the process exit.
  }

  #cancelReconnect() {
    clearTimeout(this.#timer);
    this.#timer = null;
  }

  // Legacy events (those with dispatch options) never carry a last event ID: 2006 had no ids.
  #dispatch(type, data) {
    const options = this.#dispatchOptions;
    this.#dispatchOptions = null;
    this.#events.message(type, data, options === null ? this.#lastEventId : '', this.#origin, options);
  }
}
