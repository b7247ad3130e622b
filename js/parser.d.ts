// Types of eventsource-wasm/parser: the event stream parser without networking.

/** One event, as the standard's "interpret the event stream" dispatches it. */
export interface ParsedEvent {
  /** The event type: 'message' unless the stream's `event:` field named another. */
  type: string;
  /** The data: the `data:` lines joined with LF. */
  data: string;
  /** The last event ID at this event ('' if the stream has set none). */
  id: string;
}

export interface ParserOptions {
  /** The longest line accepted, in UTF-8 bytes (default 8 MiB). */
  maxLineLength?: number;
  /** The largest event data accepted, in UTF-8 bytes (default 16 MiB). */
  maxEventSize?: number;
}

export interface CreateParserOptions extends ParserOptions {
  onEvent: (event: ParsedEvent) => void;
  /** Called once when the stream passes a limit; the parser then stops. */
  onError?: (error: ParseError) => void;
}

/** A stream that passed a limit. */
export declare class ParseError extends Error {
  readonly name: 'ParseError';
  readonly code: 'line-too-long' | 'event-too-large';
}

export interface EventSourceParser {
  /** Parses the next piece of the stream: bytes, or text (encoded as UTF-8). Throws the ParseError once a limit is passed. */
  feed(chunk: Uint8Array | string): void;
  /** Starts a new stream: drops what was buffered (an unfinished event is never dispatched) and the last event ID. */
  reset(): void;
  /** Frees the parser's Wasm memory now; feed() then throws until reset(). */
  free(): void;
}

/** A parser for one event stream; resolves once the Wasm core has loaded. */
export declare function createParser(options: CreateParserOptions): Promise<EventSourceParser>;

/** A TransformStream of an event stream's bytes (or text) to its events. */
export declare class EventSourceParserStream extends TransformStream<Uint8Array | string, ParsedEvent> {
  constructor(options?: ParserOptions);
}
