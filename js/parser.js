// `eventsource-wasm/parser`: the Wasm core's event stream parser without networking. Bytes (or text)
// in, events out, as the standard's "interpret the event stream" reads them; no reconnection, no
// EventSource. Also as a TransformStream of bytes to events (EventSourceParserStream).
import './core/standard-core.js'; // provides the standard core
import { loadCore } from './core/core-module.js';
import { CoreSession } from './core/core-session.js';
import { readLimits } from './options/parser-limits.js';
import { sessionRegistry } from './connection/session-registry.js';

const encoder = new TextEncoder();

/** Thrown by feed() once the stream passed a limit, and given to onError: `code` is 'line-too-long' or 'event-too-large'. */
export class ParseError extends Error {
  constructor(code, limits) {
    const limit =
      code === 'line-too-long'
        ? `maxLineLength (${limits.maxLineLength} bytes)`
        : `maxEventSize (${limits.maxEventSize} bytes)`;
    super(`eventsource-wasm: the stream passed ${limit}; the parser stopped`);
    this.name = 'ParseError';
    this.code = code;
  }
}

/**
 * A parser for one event stream. `await createParser({ onEvent, onError, maxLineLength, maxEventSize })`:
 * the Wasm core loads first (once per process or page). onEvent({ type, data, id }) gets each event as
 * it completes: `type` 'message' unless the stream named one, `id` the last event ID so far ('' if
 * none). Past a limit (default 8 MiB per line, 16 MiB per event) the parser stops: onError(ParseError)
 * is called, and feed() throws it from then on.
 */
export async function createParser({ onEvent, onError, maxLineLength, maxEventSize } = {}) {
  if (typeof onEvent !== 'function') throw new TypeError('createParser option onEvent must be a function.');
  if (onError !== undefined && typeof onError !== 'function')
    throw new TypeError('createParser option onError must be a function.');
  const limits = readLimits({ maxLineLength, maxEventSize }, 'createParser');
  return new Parser(await loadCore(), limits, onEvent, onError);
}

class Parser {
  #core;
  #limits;
  #session = null;
  #id = '';
  #failure = null;
  #sink;
  #onError;

  constructor(core, limits, onEvent, onError) {
    this.#core = core;
    this.#limits = limits;
    this.#onError = onError;
    const ignore = () => {};
    this.#sink = {
      startRequest: ignore,
      abortRequest: ignore,
      announce: ignore,
      scheduleReconnect: ignore,
      cancelReconnect: ignore,
      watchdog: ignore,
      dispatchOptions: ignore,
      setLastEventId: (id) => void (this.#id = id),
      dispatch: (type, data) => onEvent({ type, data, id: this.#id }),
      fireError: (readyState, code) => this.#fail(code),
    };
    this.reset();
  }

  /** Parses the next piece of the stream: bytes (a Uint8Array), or text (encoded as UTF-8). */
  feed(chunk) {
    if (this.#failure !== null) throw this.#failure;
    const bytes = typeof chunk === 'string' ? encoder.encode(chunk) : chunk;
    if (!(bytes instanceof Uint8Array)) throw new TypeError('eventsource-wasm: feed() takes a Uint8Array or a string');
    if (bytes.length !== 0) this.#session.feed(bytes, this.#sink);
    if (this.#failure !== null) throw this.#failure;
  }

  /**
   * Starts a new stream: what was buffered is dropped (an unfinished event is never dispatched, as the
   * standard says of a stream that ends), and the last event ID is forgotten.
   */
  reset() {
    this.free();
    this.#id = '';
    this.#failure = null;
    const session = new CoreSession(this.#core, { ...this.#limits, reconnectionTime: 0, flags: 0 });
    session.start(this.#sink);
    session.response(200, 'text/event-stream', this.#sink);
    this.#session = session;
    sessionRegistry.register(this, session, this);
  }

  /** Frees the parser's Wasm memory now (else that happens once it is garbage-collected); feed() then throws, reset() starts again. */
  free() {
    if (this.#session === null) return;
    sessionRegistry.unregister(this);
    this.#session.free();
    this.#session = null;
    this.#failure = new Error('eventsource-wasm: the parser was freed (reset() starts it again)');
  }

  #fail(code) {
    this.#failure = new ParseError(code, this.#limits);
    this.#onError?.(this.#failure);
  }
}

/**
 * A TransformStream of an event stream's bytes (or text) to its events ({ type, data, id }), like
 * eventsource-parser's stream entry: `response.body.pipeThrough(new EventSourceParserStream())`. Past
 * a limit the stream errors with the ParseError.
 */
export class EventSourceParserStream extends TransformStream {
  constructor({ maxLineLength, maxEventSize } = {}) {
    let parser;
    super({
      async start(controller) {
        parser = await createParser({ maxLineLength, maxEventSize, onEvent: (event) => controller.enqueue(event) });
      },
      transform(chunk) {
        parser.feed(chunk); // a ParseError thrown here errors the stream
      },
      flush() {
        parser.free();
      },
    });
  }
}
