// One EventSource's C++ state machine seen from JS: inputs go in per network chunk, and the packed
// batch of actions it answers with is decoded and handed to a sink, record by record.

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
});

/** The `code` of an `error` event, indexed by the C++ ErrorReason. */
export const ERROR_CODES = Object.freeze([
  'reconnecting',
  'bad-status',
  'bad-content-type',
  'line-too-long',
  'event-too-large',
]);

// Stateless, so one decoder serves every session. ignoreBOM: the parser already stripped the
// stream's BOM; a U+FEFF inside a value is data and must survive.
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });

// BatchView field offsets, in 32-bit words (cpp/src/bindings.cc).
const VIEW_WORDS = 0;
const VIEW_COUNT = 1;
const VIEW_TEXT = 2;
const VIEW_INPUT = 3;
const VIEW_INPUT_CAPACITY = 4;

/**
 * Sink methods, called in order: startRequest(lastEventId), abortRequest(), announce(),
 * fireError(readyState, code, status), scheduleReconnect(ms), cancelReconnect(),
 * setLastEventId(id), dispatch(type, data).
 */
export class CoreSession {
  #core;
  #native;
  #view; // byte address of the C++ BatchView; the object never moves, so this stays valid

  constructor(core, { maxLineLength, maxEventSize, reconnectionTime }) {
    this.#core = core;
    this.#native = new core.WasmEventSource(maxLineLength, maxEventSize, reconnectionTime);
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

  timerFired(sink) {
    this.#native.timerFired();
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

  #text(offset, length) {
    if (length === 0) return '';
    const start = this.#word(VIEW_TEXT) + offset;
    return decoder.decode(this.#core.HEAPU8.subarray(start, start + length));
  }

  // Reads each record afresh from Wasm memory: a handler may grow memory, or close the source,
  // which frees the batch; then the remaining records are dropped, as close() requires.
  #perform(sink) {
    const count = this.#word(VIEW_COUNT);
    for (let i = 0; i < count && this.#native !== null; i++) {
      const heap = this.#core.HEAPU32;
      const at = (this.#word(VIEW_WORDS) >> 2) + i * RECORD_WORDS;
      const [a, b, c, d] = [heap[at + 1], heap[at + 2], heap[at + 3], heap[at + 4]];
      switch (heap[at]) {
        case Action.START_REQUEST: sink.startRequest(this.#text(a, b)); break;
        case Action.ABORT_REQUEST: sink.abortRequest(); break;
        case Action.ANNOUNCE: sink.announce(); break;
        case Action.FIRE_ERROR: sink.fireError(a, ERROR_CODES[b], c); break;
        case Action.SCHEDULE_RECONNECT: sink.scheduleReconnect(a); break;
        case Action.CANCEL_RECONNECT: sink.cancelReconnect(); break;
        case Action.SET_LAST_EVENT_ID: sink.setLastEventId(this.#text(a, b)); break;
        case Action.DISPATCH: sink.dispatch(this.#text(a, b), this.#text(c, d)); break;
        default: throw new Error(`eventsource-wasm: unknown action ${heap[at]} from the core`);
      }
    }
  }
}
