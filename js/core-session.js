// One EventSource's C++ state machine seen from JS: inputs go in per network chunk, and the packed
// batch of actions it answers with is taken out in one piece and handed to a sink, record by record.
import { Workspace } from './core-workspace.js';
import { NO_RETRY_AFTER } from './retry-policy.js';

// Record layout and numbers shared with cpp/src/action_batch.h.
const RECORD_WORDS = 5;
// ActionKind: plain constants, which the bundler inlines.
const START_REQUEST = 1;
const ABORT_REQUEST = 2;
const ANNOUNCE = 3;
const FIRE_ERROR = 4;
const SCHEDULE_RECONNECT = 5;
const CANCEL_RECONNECT = 6;
const SET_LAST_EVENT_ID = 7;
const DISPATCH = 8;
const DISPATCH_OPTIONS = 9;
const WATCHDOG = 10;

// DISPATCH's type offset that means `message` (cpp/src/action_batch.h kMessageType).
const MESSAGE_TYPE = 0xffffffff;

// Bits of DISPATCH_OPTIONS' flags (cpp/src/action_batch.h).
const BUBBLES_FLAG = 1;
const CANCELABLE_FLAG = 2;

/** The `code` of an `error` event, indexed by the C++ ErrorReason. */
export const ERROR_CODES = Object.freeze([
  'reconnecting',
  'bad-status',
  'bad-content-type',
  'line-too-long',
  'event-too-large',
  'cors-refused',
  'invalid-request',
  'retries-exhausted',
  'stream-ended',
]);

const encoder = new TextEncoder();

/**
 * Internal (connection.js), not in the script tags: a session's { reconnectionTime }, in ms: the
 * configured one until a `retry` field set it.
 */
export let coreState;

/**
 * Sink methods, called in order: startRequest(lastEventId), abortRequest(), announce(),
 * fireError(readyState, code, status), scheduleReconnect(ms, jitter) (wait ms plus a random share of
 * jitter), cancelReconnect(), setLastEventId(id), dispatchOptions(target, bubbles, cancelable) (legacy
 * events, before their dispatch), dispatch(type, data) (type never defaulted: the core names `message`
 * itself), watchdog(ms) (call watchdog() after ms, replacing the last one; 0: cancel it).
 */
export class CoreSession {
  static {
    EXTENSIONS: coreState = (session) => ({ reconnectionTime: session.#native.reconnectionTime() });
  }

  #workspace;
  #native;
  #address; // of the C++ WasmEventSource, for the direct export sse_feed
  #records = (words, size, text, sink) => this.#dispatch(words, size, text, sink);

  /**
   * flags: bits of CoreFlags (js/connection.js); 0 for a strict standard EventSource. The retry policy
   * (js/retry-policy.js; absent: the standard's rules): maxDelay, maxAttempts (0: no limit),
   * inactivityTimeout (0: off), statuses; flags has CoreFlags.BACKOFF for backoff.
   */
  constructor(core, { maxLineLength, maxEventSize, reconnectionTime, flags = 0, maxDelay = 0, maxAttempts = 0, inactivityTimeout = 0, statuses = [] }) {
    this.#workspace = Workspace.of(core);
    this.#native = new core.WasmEventSource(this.#workspace.address, maxLineLength, maxEventSize, reconnectionTime, flags, maxDelay, maxAttempts, inactivityTimeout);
    this.#address = this.#native.address();
    for (const status of statuses) this.#native.retryOn(status);
  }

  get freed() {
    return this.#native === null;
  }

  start(sink) {
    this.#native.start();
    this.#perform(sink);
  }

  /**
   * The Content-Type value travels through the shared input buffer, as UTF-8 (its bytes if ASCII).
   * retryAfter: the Retry-After header's delay in ms, or NO_RETRY_AFTER (js/retry-policy.js).
   */
  response(status, contentType, sink, retryAfter = NO_RETRY_AFTER) {
    const bytes = encoder.encode(contentType);
    this.#workspace.writeInput(bytes);
    this.#native.response(status, bytes.length, retryAfter);
    this.#perform(sink);
  }

  /** The watchdog is due; idle: ms since the request started or its last bytes arrived. */
  watchdog(idle, sink) {
    this.#native.watchdog(idle);
    this.#perform(sink);
  }

  /** Copies the chunk once into the shared input buffer, then parses it with one direct call. */
  feed(chunk, sink) {
    this.#workspace.writeInput(chunk);
    this.#workspace.feed(this.#address, chunk.length);
    this.#perform(sink);
  }

  end(sink) {
    this.#native.end();
    this.#perform(sink);
  }

  networkError(sink) {
    this.#native.networkError();
    this.#perform(sink);
  }

  /**
   * The request is futile, `code` says why: 'cors-refused' (the server refused this origin; it would
   * again), 'invalid-request' (it can never be made, see Connection) or 'stream-ended' (the source reads
   * a stream, not a request, and it ended: it cannot be reopened). Fails the connection.
   */
  futile(code, sink) {
    this.#native.futile(ERROR_CODES.indexOf(code));
    this.#perform(sink);
  }

  timerFired(sink) {
    this.#native.timerFired();
    this.#perform(sink);
  }

  /** Asks for a replacement request; the core honours it only between events (see Recycle()). */
  recycle(sink) {
    this.#native.recycle();
    this.#perform(sink);
  }

  close(sink) {
    this.#native.close();
    this.#perform(sink);
  }

  /** Frees the C++ object. Safe to call twice. */
  free() {
    this.#native?.delete();
    this.#native = null;
  }

  // Handlers may grow memory or close the source freely: the workspace took the batch out of Wasm
  // memory first (one copy of the record words, one string made of the text arena, which the records
  // address in UTF-16 units). After close() the remaining records are dropped, as the standard requires.
  #perform(sink) {
    this.#workspace.read(this.#records, sink);
  }

  #dispatch(words, size, text, sink) {
    let typeOffset = MESSAGE_TYPE; // the core stores a repeated type once: one string for it too
    let typeLength = 0;
    let type = 'message';
    for (let at = 0; at < size && this.#native !== null; at += RECORD_WORDS) {
      const kind = words[at];
      const a = words[at + 1];
      const b = words[at + 2];
      if (kind === DISPATCH) { // by far the most common record: first, out of the switch
        if (a !== typeOffset || b !== typeLength) {
          typeOffset = a;
          typeLength = b;
          type = a === MESSAGE_TYPE ? 'message' : text.slice(a, a + b);
        }
        const c = words[at + 3];
        sink.dispatch(type, text.slice(c, c + words[at + 4]));
        continue;
      }
      switch (kind) {
        case START_REQUEST: sink.startRequest(text.slice(a, a + b)); break;
        case ABORT_REQUEST: sink.abortRequest(); break;
        case ANNOUNCE: sink.announce(); break;
        case FIRE_ERROR: sink.fireError(a, ERROR_CODES[b], words[at + 3]); break;
        case SCHEDULE_RECONNECT: sink.scheduleReconnect(a, b); break;
        case CANCEL_RECONNECT: sink.cancelReconnect(); break;
        case SET_LAST_EVENT_ID: sink.setLastEventId(text.slice(a, a + b)); break;
        case DISPATCH_OPTIONS: {
          const flags = words[at + 3];
          sink.dispatchOptions(text.slice(a, a + b), (flags & BUBBLES_FLAG) !== 0, (flags & CANCELABLE_FLAG) !== 0);
          break;
        }
        case WATCHDOG: sink.watchdog(a); break;
        default: throw new Error(`eventsource-wasm: unknown action ${kind} from the core`);
      }
    }
  }
}
