// One connection's life, shared by EventSource and the legacy <event-source> element: the Wasm state
// machine (CoreSession) decides, and this carries its actions out: the requests through the transport,
// the timers, the events. The machine's sink is #sink; the transport's report is #startRequest's.
import { CoreFlags } from '../core/boundary.js';
import { loadCore } from '../core/core-module.js';
import { CoreSession, coreState } from '../core/core-session.js';
import { DEFAULT_REQUEST } from '../options/request-options.js';
import { retryAfterMs } from '../options/retry-policy.js';
import { readFailedBody } from './failed-body.js';
import { invalidRequestReason } from './invalid-request.js';
import { followPageLifecycle } from './page-lifecycle.js';
import { sessionRegistry } from './session-registry.js';
import { SYSTEM_TIMERS, Timer } from './timer.js';

const CONNECTING = 0;
const OPEN = 1;
const CLOSED = 2;

/**
 * Internal (readable-stream-source.js), not in the script tags: a connection's { lastEventId,
 * reconnectionTime }: the last event ID string and the reconnection time in ms (`retry` sets it).
 */
export let connectionState;

/**
 * config: { url, request, startTransport, xhrResponseLimit, limits: {maxLineLength, maxEventSize},
 *           reconnectionTime, flags, accept, retry, timers, lastEventId }, where request is { method, headers, body,
 *           credentials, fetch } (request-options.js; default: the standard's GET), retry the policy of
 *           js/options/retry-policy.js (default: none), timers { setTimeout, clearTimeout, now } (SYSTEM_TIMERS)
 *           and lastEventId the one to resume from (a shared connection's new holder; default: none)
 * events: { open(), error(code, status, details), message(type, data, lastEventId, origin, options) }
 *   where options is null for standard events, { target, bubbles, cancelable } for legacy ones, and
 *   details (for the extensions of the error event) has some of: cause (the underlying error of a
 *   network error or an invalid request), contentType, statusText, headers and body (of a failed
 *   response: a Headers, and the start of its body as text, see failed-body.js), and for code
 *   'reconnecting' attempt (reconnections in a row, 1 for the first) and retryIn (ms until the next
 *   request; absent while the page is in the back/forward cache, where it waits for the page instead).
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
  #timers;
  #reconnectTimer;
  #watchdogTimer;
  #lastActivity = 0; // timers.now() when the request started or its last bytes arrived (with a watchdog)
  #unfollow = () => {}; // stops following the page's lifecycle (page-lifecycle.js)
  #suspended = false; // the page is in the back/forward cache
  #reconnectOnResume = false; // a reconnection is due when the page comes back
  #cause; // the underlying error of the last network error or invalid request, for its error event
  #reconnection = null; // { attempt, retryIn } of the reconnection just scheduled, for the error that announces it
  #response = null; // { contentType, statusText, headers, readPrefix }, while the core reads a response
  #failedBody = null; // promise of the failed response's body text, until its error fires
  #failedRead = null; // its read (failed-body.js), which close() ends at once
  #sink = {
    hop: true, // each event in a microtask of its own (CoreSession): tasks' order as the standard has it
    startRequest: (lastEventId) => this.#startRequest(lastEventId),
    abortRequest: () => this.#abortRequest(),
    announce: () => this.#announce(),
    fireError: (readyState, code, status) => this.#fireError(readyState, code, status),
    scheduleReconnect: (ms, jitter, attempt) => this.#scheduleReconnect(ms, jitter, attempt),
    watchdog: (ms) => this.#watchdog(ms),
    cancelReconnect: () => this.#cancelReconnect(),
    setLastEventId: (id) => void (this.#lastEventId = id),
    dispatchOptions: (target, bubbles, cancelable) => void (this.#dispatchOptions = { target, bubbles, cancelable }),
    dispatch: (type, data) => this.#dispatch(type, data),
  };

  static {
    EXTENSIONS: connectionState = (connection) => ({
      lastEventId: connection.#lastEventId,
      reconnectionTime:
        connection.#session === null
          ? connection.#config.reconnectionTime
          : coreState(connection.#session).reconnectionTime,
    });
  }

  constructor(config, events) {
    this.#config = config;
    this.#events = events;
    this.#timers = config.timers ?? SYSTEM_TIMERS;
    this.#reconnectTimer = new Timer(this.#timers);
    this.#watchdogTimer = new Timer(this.#timers);
    this.#requestUrl = config.url;
    // Callers stay synchronous: the request starts once the core is loaded.
    loadCore().then(
      (core) => this.#begin(core),
      (error) => this.#coreUnavailable(error),
    );
  }

  get readyState() {
    return this.#readyState;
  }

  /** Aborts the request and any pending reconnect; readyState CLOSED; nothing is reported afterwards. */
  close() {
    this.#readyState = CLOSED;
    this.#unfollow();
    this.#failedRead?.abort();
    const session = this.#session;
    if (session === null) return; // not started yet (#begin sees CLOSED), or closed already
    this.#session = null;
    EXTENSIONS: this.#config.reconnectionTime = coreState(session).reconnectionTime; // as it was when closed
    sessionRegistry.unregister(this);
    session.close(this.#sink); // aborts the request or cancels the reconnect timer
    session.free(); // also stops the batch being read, if close() was called from a handler
  }

  #begin(core) {
    if (this.#readyState === CLOSED) return; // close() came first: no request, no open
    const { limits, reconnectionTime, flags, retry } = this.#config;
    this.#session = new CoreSession(core, {
      ...limits,
      reconnectionTime,
      flags: flags | (retry?.backoff ? CoreFlags.BACKOFF : 0),
      ...retry,
    });
    sessionRegistry.register(this, this.#session, this);
    this.#unfollow = followPageLifecycle(this);
    this.#session.start(this.#sink, this.#config.lastEventId);
  }

  /**
   * The page enters the back/forward cache: the connection drops as if the network dropped it (an
   * `error`, readyState CONNECTING) and no timer is left to run in the frozen page; resume() reconnects
   * at once, with Last-Event-ID.
   */
  suspend() {
    if (this.#session === null || this.#readyState === CLOSED || this.#suspended) return;
    this.#suspended = true; // the watchdog runs only while a request is in flight: networkError() stops it
    if (this.#reconnectTimer.pending) {
      // waiting to reconnect
      this.#cancelReconnect();
      this.#reconnectOnResume = true;
      return;
    }
    const request = this.#request;
    this.#request = null;
    request?.abort();
    this.#cause = new Error('eventsource-wasm: the page went into the back/forward cache');
    this.#session.networkError(this.#sink); // its reconnection waits for resume() (#scheduleReconnect)
  }

  /** The page is back from the back/forward cache. */
  resume() {
    if (!this.#suspended) return;
    this.#suspended = false;
    if (!this.#reconnectOnResume || this.#session === null) return;
    this.#reconnectOnResume = false;
    this.#session.timerFired(this.#sink);
  }

  #coreUnavailable(error) {
    if (this.#readyState === CLOSED) return;
    this.#readyState = CLOSED;
    this.#events.error('core-unavailable', undefined, { cause: error });
  }

  #startRequest(lastEventId) {
    const session = this.#session;
    this.#cause = undefined; // of a request before, whose failure fired no error (see error() below)
    let invalid = invalidRequestReason(this.#requestUrl);
    // A transport that reads a stream (fromReadableStream's) makes no request of the URL.
    EXTENSIONS: if (this.#config.startTransport.readsStream) invalid = null;
    if (invalid !== null) {
      // Fetch could never make it: fail once (invalid-request) rather than reconnect forever. Later,
      // as a transport would report it: never from inside the call that asked for the request.
      this.#request = { abort() {} };
      return void queueMicrotask(() => {
        this.#cause = new TypeError(`eventsource-wasm: ${invalid}`);
        if (this.#session === session) session.futile('invalid-request', this.#sink);
      });
    }
    const { request = DEFAULT_REQUEST, xhrResponseLimit, accept, retry } = this.#config;
    const timers = this.#timers;
    const watched = retry?.inactivityTimeout > 0;
    if (watched) this.#lastActivity = timers.now();
    this.#request = this.#config.startTransport(
      { url: this.#requestUrl, lastEventId, request, responseLimit: xhrResponseLimit, accept },
      {
        // Those with state for their input (#response, #cause) wait in the session's queue as a whole.
        response: (status, contentType, finalUrl, { statusText, headers, readPrefix }) =>
          session.queue(() => {
            // [spec] Reconnection fetches "the EventSource object's request", whose URL list a redirect
            // extended: the next request goes where the redirect led (as in Chromium; whatwg/html#503).
            // Events carry the origin of that final URL.
            this.#requestUrl = finalUrl;
            this.#origin = new URL(finalUrl).origin;
            // Held while the core reads the response: if it fails it, #abortRequest reads the body first.
            this.#response = { contentType, statusText, headers, readPrefix };
            if (watched) this.#lastActivity = timers.now();
            try {
              session.response(
                status,
                contentType,
                this.#sink,
                retry?.statuses.length ? retryAfterMs(headers, timers.now()) : undefined,
              );
            } finally {
              this.#response = null;
            }
          }),
        chunk: watched
          ? (bytes) => {
              this.#lastActivity = timers.now();
              session.feed(bytes, this.#sink);
            }
          : (bytes) => session.feed(bytes, this.#sink),
        end: () => session.end(this.#sink),
        // futile: null for a network error, or why retrying is futile ('cors-refused', 'stream-ended').
        // The core may answer 'cors-refused' with a new request instead of an error (it sent
        // Last-Event-ID: the same request goes again without it, see OnRequestRefused).
        error: (futile, cause) =>
          session.queue(() => {
            this.#cause = cause;
            return futile ? session.futile(futile, this.#sink) : session.networkError(this.#sink);
          }),
        recycle: () => session.recycle(this.#sink),
      },
    );
  }

  #abortRequest() {
    const request = this.#request;
    this.#request = null;
    // close() (even from a handler while the response is read) aborts at once.
    if (this.#response === null || this.#readyState === CLOSED) return void request?.abort();
    // The core failed the response it is reading (bad status or type): its error event gets the
    // start of the body, read before the request is aborted (bounded in bytes and time).
    this.#failedRead = readFailedBody(this.#response.readPrefix, request, this.#timers);
    this.#failedBody = this.#failedRead.body;
  }

  #announce() {
    this.#readyState = OPEN;
    this.#events.open();
  }

  #fireError(readyState, code, status) {
    const cause = this.#cause;
    this.#cause = undefined;
    const reconnection = this.#reconnection ?? {};
    this.#reconnection = null;
    if (readyState === CLOSED) this.#unfollow();
    if (this.#response === null) {
      this.#readyState = readyState;
      return void this.#events.error(code, status || undefined, { cause, ...reconnection });
    }
    // A failed response: readyState and the event wait for its body (the standard queues both in one
    // task); close() meanwhile means neither happens.
    const { contentType, statusText, headers } = this.#response;
    const failedBody = this.#failedBody ?? Promise.resolve('');
    this.#failedBody = null;
    const before = this.#readyState;
    failedBody.then((body) => {
      if (this.#readyState === CLOSED) return;
      // A retried status reconnects meanwhile: a reconnection that opened first keeps its OPEN.
      if (this.#readyState === before) this.#readyState = readyState;
      this.#events.error(code, status || undefined, { contentType, statusText, headers, body, ...reconnection });
    });
  }

  // jitter: the retry policy's backoff range; the wait is ms plus a uniform share of it. attempt: the
  // reconnections in a row; the error that announces this one comes next and tells both.
  #scheduleReconnect(ms, jitter, attempt) {
    if (this.#suspended) {
      this.#reconnection = { attempt };
      return void (this.#reconnectOnResume = true);
    }
    const session = this.#session;
    if (jitter > 0) ms += Math.floor(this.#config.retry.random() * (jitter + 1));
    this.#reconnection = { attempt, retryIn: ms };
    // Not unref'd: in Node a source waiting to reconnect keeps the process alive, as its open socket
    // did; close() clears the timer and lets the process exit.
    this.#reconnectTimer.set(ms, () => session.timerFired(this.#sink));
  }

  #cancelReconnect() {
    this.#reconnectTimer.clear();
  }

  // The inactivity watchdog: the core arms it per request and decides, from how long the request has
  // been silent, whether the connection dropped (cpp/src/event_source_machine.h OnWatchdog).
  #watchdog(ms) {
    if (ms === 0) return this.#watchdogTimer.clear();
    const session = this.#session;
    this.#watchdogTimer.set(ms, () => {
      const { inactivityTimeout } = this.#config.retry;
      this.#cause = new Error(`eventsource-wasm: nothing arrived for ${inactivityTimeout} ms, the inactivityTimeout`);
      session.watchdog(Math.max(0, this.#timers.now() - this.#lastActivity), this.#sink);
      this.#cause = undefined; // when it was not used: bytes came, the watchdog runs on
    });
  }

  // Legacy events (those with dispatch options) never carry a last event ID: 2006 had no ids.
  #dispatch(type, data) {
    const options = this.#dispatchOptions;
    this.#dispatchOptions = null;
    this.#events.message(type, data, options === null ? this.#lastEventId : '', this.#origin, options);
  }
}
