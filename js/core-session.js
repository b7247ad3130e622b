// One EventSource's C++ state machine seen from JS: inputs go in per network chunk, and the packed
// batch of actions it answers with is taken out in one piece and handed to a sink, record by record.

// Record layout and numbers shared with cpp/src/action_batch.h.
const RECORD_WORDS = 5;
const Action = Object.freeze({
  START_REQUEST: 1,
  ABORT_REQUEST: 2,
  ANNOUNCE: 3,
  FIRE_ERROR: 4,
  SCHEDULE_RECONNECT: 5,
  CANCEL_RECONNECT: 6,
  SET_LAST_EVENT_ID: 7,
  DISPATCH: 8,
  DISPATCH_OPTIONS: 9,
});

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
]);

// Stateless, so one decoder serves every session. ignoreBOM: the parser already stripped the
// stream's BOM; a U+FEFF at the start of the arena is data and must survive.
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });

// The arena is always whole, valid UTF-8 (the core re-encodes every string it emits), so a streaming
// decode never holds bytes back for the next call. It is also twice as fast in Node 20: 18 ms instead
// of 37 ms for 14 MiB of non-ASCII text (npm run bench workload "large multi-line UTF-8 events").
function decodeArena(bytes) {
  return decoder.decode(bytes, { stream: true });
}

// BatchView field offsets, in 32-bit words (cpp/src/bindings.cc).
const VIEW_WORDS = 0;
const VIEW_COUNT = 1;
const VIEW_TEXT = 2;
const VIEW_TEXT_BYTES = 3;
const VIEW_INPUT = 4;
const VIEW_INPUT_CAPACITY = 5;

/**
 * Sink methods, called in order: startRequest(lastEventId), abortRequest(), announce(),
 * fireError(readyState, code, status), scheduleReconnect(ms), cancelReconnect(),
 * setLastEventId(id), dispatchOptions(target, bubbles, cancelable) (legacy events, before their
 * dispatch), dispatch(type, data) (type never defaulted: the core names `message` itself).
 */
export class CoreSession {
  #core;
  #native;
  #view; // byte address of the C++ BatchView; the object never moves, so this stays valid

  /** flags: bits of CoreFlags (js/connection.js); 0 for a strict standard EventSource. */
  constructor(core, { maxLineLength, maxEventSize, reconnectionTime, flags = 0 }) {
    this.#core = core;
    this.#native = new core.WasmEventSource(maxLineLength, maxEventSize, reconnectionTime, flags);
    this.#view = this.#native.view();
  }

  get freed() {
    return this.#native === null;
  }

  start(sink) {
    this.#native.start();
    this.#perform(sink);
  }

  response(status, contentType, sink) {
    this.#native.response(status, contentType);
    this.#perform(sink);
  }

  /** Copies the chunk once into memory the parser owns, then parses it in one call. */
  feed(chunk, sink) {
    if (chunk.length > this.#word(VIEW_INPUT_CAPACITY)) this.#native.reserveInput(chunk.length);
    // Views are fetched after every call: memory may have grown and detached older ones.
    this.#core.HEAPU8.set(chunk, this.#word(VIEW_INPUT));
    this.#native.feed(chunk.length);
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

  /** The request failed and will fail again: the server refused this origin (CORS). */
  refused(sink) {
    this.#native.refused();
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

  #word(field) {
    return this.#core.HEAPU32[(this.#view >> 2) + field];
  }

  // Takes the whole batch out of Wasm memory before any handler runs: one copy of the record words and
  // one decode of the text arena, whose strings the records address in UTF-16 units (sliced, not
  // decoded one by one). Handlers may then grow memory or close the source freely; after close()
  // the remaining records are dropped, as the standard requires.
  #perform(sink) {
    const count = this.#word(VIEW_COUNT);
    if (count === 0) return;
    const first = this.#word(VIEW_WORDS) >> 2;
    const words = this.#core.HEAPU32.slice(first, first + count * RECORD_WORDS);
    const textStart = this.#word(VIEW_TEXT);
    const textBytes = this.#word(VIEW_TEXT_BYTES);
    const text = textBytes === 0 ? '' : decodeArena(this.#core.HEAPU8.subarray(textStart, textStart + textBytes));
    for (let at = 0; at < words.length && this.#native !== null; at += RECORD_WORDS) {
      const a = words[at + 1];
      const b = words[at + 2];
      switch (words[at]) {
        case Action.START_REQUEST: sink.startRequest(text.slice(a, a + b)); break;
        case Action.ABORT_REQUEST: sink.abortRequest(); break;
        case Action.ANNOUNCE: sink.announce(); break;
        case Action.FIRE_ERROR: sink.fireError(a, ERROR_CODES[b], words[at + 3]); break;
        case Action.SCHEDULE_RECONNECT: sink.scheduleReconnect(a); break;
        case Action.CANCEL_RECONNECT: sink.cancelReconnect(); break;
        case Action.SET_LAST_EVENT_ID: sink.setLastEventId(text.slice(a, a + b)); break;
        case Action.DISPATCH: {
          const type = a === MESSAGE_TYPE ? 'message' : text.slice(a, a + b);
          sink.dispatch(type, text.slice(words[at + 3], words[at + 3] + words[at + 4]));
          break;
        }
        case Action.DISPATCH_OPTIONS: {
          const flags = words[at + 3];
          sink.dispatchOptions(text.slice(a, a + b), (flags & BUBBLES_FLAG) !== 0, (flags & CANCELABLE_FLAG) !== 0);
          break;
        }
        default: throw new Error(`eventsource-wasm: unknown action ${words[at]} from the core`);
      }
    }
  }
}
