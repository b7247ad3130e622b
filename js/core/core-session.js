// One EventSource's C++ state machine seen from JS: inputs go in per network chunk, and the packed
// batch of actions it answers with is taken out in one piece and handed to a sink, record by record.
import {
  ABORT_REQUEST,
  ANNOUNCE,
  BUBBLES_FLAG,
  CANCEL_RECONNECT,
  CANCELABLE_FLAG,
  DISPATCH,
  DISPATCH_OPTIONS,
  ERROR_CODES,
  FIRE_ERROR,
  MESSAGE_TYPE,
  NO_RETRY_AFTER,
  OPTION_FLAGS,
  OPTION_INACTIVITY_TIMEOUT,
  OPTION_MAX_ATTEMPTS,
  OPTION_MAX_DELAY,
  OPTION_MAX_EVENT_SIZE,
  OPTION_MAX_LINE_LENGTH,
  OPTION_RECONNECTION_TIME,
  RECORD_WORDS,
  SCHEDULE_RECONNECT,
  SESSION_OPTION_WORDS,
  SET_LAST_EVENT_ID,
  START_REQUEST,
  WATCHDOG,
} from './boundary.js';
import { Workspace } from './core-workspace.js';

// The NEXT_EVENT_RECORDS kinds belong to the event after them: they wait for the hop after the event before.
const NEXT_EVENT_RECORDS =
  (1 << ANNOUNCE) | (1 << FIRE_ERROR) | (1 << SET_LAST_EVENT_ID) | (1 << DISPATCH) | (1 << DISPATCH_OPTIONS);

const encoder = new TextEncoder();

// The microtasks after an event before the next one fires (see #startHop): a promise reaction that deep
// runs first. After `open` and `error`, 2: `await once(source, 'open')` needs that (Node's events.once is
// an async function: its promise settles one microtask after the listener's), and these events are rare.
// After a message, 1 (a direct `await` of a promise its listener resolved): the second microtask per
// message cost ~28% of the events/s end to end (Node 20, 200,000 tiny events over loopback, interleaved
// medians: 2.13 M/s with it, 2.77 M/s without; 2.95-3.03 M/s before the hop existed).
const STATE_HOPS = 2;
const MESSAGE_HOPS = 1;
// Microtasks through a settled promise: Node's queueMicrotask costs more (an AsyncResource and a bound
// function per call: 1.39 instead of 2.26 M events/s end to end, with 2 per message).
const RESOLVED = Promise.resolve();

/**
 * Internal (connection.js), not in the script tags: a session's { reconnectionTime }, in ms: the
 * configured one until a `retry` field set it.
 */
export let coreState;

/**
 * Sink methods, called in order: startRequest(lastEventId), abortRequest(), announce(),
 * fireError(readyState, code, status), scheduleReconnect(ms, jitter, attempt) (wait ms plus a random share of
 * jitter; attempt: reconnections in a row, 1 for the first; the fireError that announces it comes next), cancelReconnect(), setLastEventId(id), dispatchOptions(target, bubbles, cancelable) (legacy
 * events, before their dispatch), dispatch(type, data) (type never defaulted: the core names `message`
 * itself), watchdog(ms) (call watchdog() after ms, replacing the last one; 0: cancel it).
 * A sink with `hop: true` gets each event (announce, fireError, dispatch) in a microtask of its own:
 * see #startHop. Without it (parser.js, tests), every call happens inside the input that caused it.
 */
export class CoreSession {
  static {
    EXTENSIONS: coreState = (session) => ({ reconnectionTime: session.#native.reconnectionTime() });
  }

  #workspace;
  #native;
  #address; // of the C++ WasmEventSource, for the direct export sse_feed
  #records = (words, size, text, sink) =>
    sink.hop === true
      ? this.#run({
          words,
          at: 0,
          size,
          text,
          sink,
          owned: false,
          typeOffset: MESSAGE_TYPE,
          typeLength: 0,
          type: 'message',
        })
      : this.#runAll(words, size, text, sink);
  #waiting = false; // an event waits for its microtask hop (a sink with `hop`)
  #rest = null; // the rest of that event's batch (see #run), first to run after the hop
  #queue = []; // inputs that came meanwhile, in order
  #hops = 0; // microtasks the hop has still to wait
  #resume = () => (--this.#hops > 0 ? RESOLVED.then(this.#resume) : this.#next());

  /**
   * flags: bits of CoreFlags (js/core/boundary.js); 0 for a strict standard EventSource. The retry
   * policy (js/options/retry-policy.js; absent: the standard's rules): maxDelay, maxAttempts (0: no
   * limit), inactivityTimeout (0: off), statuses; flags has CoreFlags.BACKOFF for backoff.
   */
  constructor(
    core,
    { maxLineLength, maxEventSize, reconnectionTime, flags, maxDelay, maxAttempts, inactivityTimeout, statuses = [] },
  ) {
    this.#workspace = Workspace.of(core);
    const options = new Uint32Array(SESSION_OPTION_WORDS); // a SessionOptions; an option not given stays 0
    options[OPTION_MAX_LINE_LENGTH] = maxLineLength;
    options[OPTION_MAX_EVENT_SIZE] = maxEventSize;
    options[OPTION_RECONNECTION_TIME] = reconnectionTime;
    options[OPTION_FLAGS] = flags;
    options[OPTION_MAX_DELAY] = maxDelay;
    options[OPTION_MAX_ATTEMPTS] = maxAttempts;
    options[OPTION_INACTIVITY_TIMEOUT] = inactivityTimeout;
    this.#workspace.writeInput(new Uint8Array(options.buffer));
    this.#native = new core.WasmEventSource(this.#workspace.address);
    this.#address = this.#native.address();
    for (const status of statuses) this.#native.retryOn(status);
  }

  get freed() {
    return this.#native === null;
  }

  /** The first request; with a `lastEventId`, it resumes from it (a shared connection's new holder). */
  start(sink, lastEventId = '') {
    this.#input(() => this.#native.start(this.#writeText(lastEventId)), sink);
  }

  /**
   * Runs step() now, or while an event waits for its microtask hop, after it and after what came
   * before: a transport's chunks, end and errors reach the core in the order they came.
   */
  queue(step) {
    if (this.#waiting) this.#queue.push(step);
    else step();
  }

  /**
   * The Content-Type value travels through the shared input buffer, as UTF-8.
   * retryAfter: the Retry-After header's delay in ms, or NO_RETRY_AFTER (js/options/retry-policy.js).
   */
  response(status, contentType, sink, retryAfter = NO_RETRY_AFTER) {
    this.#input(() => this.#native.response(status, this.#writeText(contentType), retryAfter), sink);
  }

  /** The watchdog is due; idle: ms since the request started or its last bytes arrived. */
  watchdog(idle, sink) {
    this.#input(() => this.#native.watchdog(idle), sink);
  }

  /** Copies the chunk once into the shared input buffer, then parses it with one direct call. */
  feed(chunk, sink) {
    if (this.#waiting) return void this.#queue.push(() => this.feed(chunk, sink)); // the hot path: no closure otherwise
    this.#workspace.writeInput(chunk);
    this.#workspace.feed(this.#address, chunk.length);
    this.#perform(sink);
  }

  end(sink) {
    this.#input(() => this.#native.end(), sink);
  }

  networkError(sink) {
    this.#input(() => this.#native.networkError(), sink);
  }

  /**
   * The request is futile, `code` says why: 'cors-refused' (the server refused this origin; it would
   * again), 'invalid-request' (it can never be made, see Connection) or 'stream-ended' (the source reads
   * a stream, not a request, and it ended: it cannot be reopened). Fails the connection.
   */
  futile(code, sink) {
    this.#input(() => this.#native.futile(ERROR_CODES.indexOf(code)), sink);
  }

  timerFired(sink) {
    this.#input(() => this.#native.timerFired(), sink);
  }

  /** Asks for a replacement request; the core honours it only between events (see Recycle()). */
  recycle(sink) {
    this.#input(() => this.#native.recycle(), sink);
  }

  /** At once, even while events wait for their hop: none of them is dispatched after it. */
  close(sink) {
    this.#native.close();
    this.#perform(sink);
  }

  /** Frees the C++ object. Safe to call twice. */
  free() {
    this.#native?.delete();
    this.#native = null;
  }

  // Strings travel through the shared input buffer as UTF-8: returns the length written.
  #writeText(text) {
    const bytes = encoder.encode(text);
    this.#workspace.writeInput(bytes);
    return bytes.length;
  }

  #input(call, sink) {
    this.queue(() => {
      call();
      this.#perform(sink);
    });
  }

  // Handlers may grow memory or close the source freely: the workspace took the batch out of Wasm
  // memory first (one copy of the record words, one string made of the text arena, which the records
  // address in UTF-16 units). After close() the remaining records are dropped, as the standard requires.
  #perform(sink) {
    this.#workspace.read(this.#records, sink);
  }

  // Without a hop (parser.js, tests): every record at once, in one tight loop.
  #runAll(words, size, text, sink) {
    let typeOffset = MESSAGE_TYPE; // the core stores a repeated type once: one string for it too
    let typeLength = 0;
    let type = 'message';
    for (let at = 0; at < size && this.#native !== null; at += RECORD_WORDS) {
      const kind = words[at];
      const a = words[at + 1];
      const b = words[at + 2];
      const c = words[at + 3];
      if (kind !== DISPATCH) {
        this.#act(kind, a, b, c, text, sink);
        continue;
      }
      if (a !== typeOffset || b !== typeLength) {
        typeOffset = a;
        typeLength = b;
        type = a === MESSAGE_TYPE ? 'message' : text.slice(a, a + b);
      }
      sink.dispatch(type, text.slice(c, c + words[at + 4]));
    }
  }

  // With a hop: batch is { words, at (the next record), size, text, sink, owned (words are not the
  // workspace's reused array), typeOffset, typeLength, type (of the last DISPATCH, as in #runAll) }.
  #run(batch) {
    const { words, size, text, sink } = batch;
    for (let at = batch.at; at < size && this.#native !== null; at += RECORD_WORDS) {
      const kind = words[at];
      // After an event, the records of the next one wait for the hop; the others (abort the request,
      // schedule the reconnection) are done now, as the standard does them beside its queued tasks.
      if (this.#waiting && ((1 << kind) & NEXT_EVENT_RECORDS) !== 0) return this.#defer(batch, at);
      const a = words[at + 1];
      const b = words[at + 2];
      const c = words[at + 3];
      if (kind === DISPATCH) {
        if (a !== batch.typeOffset || b !== batch.typeLength) {
          batch.typeOffset = a;
          batch.typeLength = b;
          batch.type = a === MESSAGE_TYPE ? 'message' : text.slice(a, a + b);
        }
        this.#waiting = true;
        sink.dispatch(batch.type, text.slice(c, c + words[at + 4]));
        this.#startHop(MESSAGE_HOPS);
      } else if (kind === ANNOUNCE || kind === FIRE_ERROR) {
        this.#waiting = true;
        this.#act(kind, a, b, c, text, sink);
        this.#startHop(STATE_HOPS);
      } else {
        this.#act(kind, a, b, c, text, sink);
      }
    }
  }

  // One record other than DISPATCH (the loops above handle that, the most common, themselves).
  #act(kind, a, b, c, text, sink) {
    switch (kind) {
      case START_REQUEST:
        return sink.startRequest(text.slice(a, a + b));
      case ABORT_REQUEST:
        return sink.abortRequest();
      case ANNOUNCE:
        return sink.announce();
      case FIRE_ERROR:
        return sink.fireError(a, ERROR_CODES[b], c);
      case SCHEDULE_RECONNECT:
        return sink.scheduleReconnect(a, b, c);
      case CANCEL_RECONNECT:
        return sink.cancelReconnect();
      case SET_LAST_EVENT_ID:
        return sink.setLastEventId(text.slice(a, a + b));
      case DISPATCH_OPTIONS:
        return sink.dispatchOptions(text.slice(a, a + b), (c & BUBBLES_FLAG) !== 0, (c & CANCELABLE_FLAG) !== 0);
      case WATCHDOG:
        return sink.watchdog(a);
      default:
        throw new Error(`eventsource-wasm: unknown action ${kind} from the core`);
    }
  }

  // [spec] The standard queues a task for each event it fires: announcing the connection, dispatching
  // an event, reestablishing or failing the connection. For a sink with `hop`, #waiting is set before
  // the handlers run (inputs they cause queue behind), and after them what follows the event waits
  // `hops` microtasks (STATE_HOPS, MESSAGE_HOPS), so that the promise reactions a handler caused (the
  // `await` of the code that waited for this event) run before the next event fires. A task per event
  // would cost too much: a MessageChannel round trip is ~1-3 us in Node 20, setImmediate ~4 us,
  // against ~0.3-0.75 us for a whole event end to end.
  #startHop(hops) {
    this.#hops = hops;
    RESOLVED.then(this.#resume);
  }

  // The rest of the batch waits for the hop, in a copy of its own: the workspace's array is reused by
  // the next batch of any session of this core.
  #defer(batch, at) {
    if (!batch.owned) {
      batch.words = batch.words.slice(at, batch.size);
      batch.size -= at;
      at = 0;
      batch.owned = true;
    }
    batch.at = at;
    this.#rest = batch;
  }

  #next() {
    this.#waiting = false;
    const rest = this.#rest;
    this.#rest = null;
    if (rest !== null) this.#run(rest);
    while (!this.#waiting && this.#queue.length > 0 && this.#native !== null) this.#queue.shift()();
  }
}
