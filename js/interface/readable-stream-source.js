// EventSource.fromReadableStream(stream), experimental: the proposal of whatwg/html#12272 (with the
// web-platform-tests eventsource/eventsource-from-readable-stream*.js), which no browser ships yet. An
// EventSource that reads its event stream from a ReadableStream instead of making requests: `url` is
// `about:event-stream`, events come from the origin "null", it opens once reading starts, never
// reconnects, and fails (one `error`, CLOSED, code 'stream-ended') when the stream ends or errors;
// close() cancels the stream. With it, every EventSource gets the proposal's `lastEventId` and
// `reconnectionTime` getters. Defined by importing this module: the package's entries do; the script
// tags, the standard EventSource only, do not.
import { connectionState } from '../connection/connection.js';
import { ERROR_MESSAGES } from './error-event.js';
import { EventSource, internals, observeEventSource } from './event-source.js';

const STREAM_URL = 'about:event-stream';
const encoder = new TextEncoder();
const NO_HEADERS = new Headers();

ERROR_MESSAGES['stream-ended'] = (_, __, { cause }) =>
  cause === undefined
    ? 'The stream ended; a source read from a stream does not reconnect.'
    : `The stream failed (${cause?.message ?? cause}); a source read from a stream does not reconnect.`;

Object.defineProperty(EventSource, 'fromReadableStream', {
  // [WebIDL] a static operation: enumerable, writable, configurable.
  value: function fromReadableStream(stream) {
    if (typeof stream?.getReader !== 'function') {
      throw new TypeError('EventSource.fromReadableStream: the argument must be a ReadableStream.');
    }
    const reader = stream.getReader(); // a TypeError if the stream is locked; it is ours from now on
    const source = internals.reading(readsFrom(reader));
    // Closed or failed, even before reading started: the stream is cancelled (a no-op once it ended).
    observeEventSource(source, { message() {}, end: () => void reader.cancel().catch(() => {}) });
    return source;
  },
  enumerable: true,
  writable: true,
  configurable: true,
});

// [proposal] Attributes of every EventSource: the last event ID string, and the reconnection time in
// ms (the standard's 3000 until a `retry` field sets it; the legacy element's 5000).
Object.defineProperties(EventSource.prototype, {
  lastEventId: {
    get() {
      return connectionState(internals.connection(this)).lastEventId;
    },
    enumerable: true,
    configurable: true,
  },
  reconnectionTime: {
    get() {
      return connectionState(internals.connection(this)).reconnectionTime;
    },
    enumerable: true,
    configurable: true,
  },
});

/** The Connection transport that reads `reader` (only once: the source never reconnects). */
function readsFrom(reader) {
  const start = (_, report) => {
    let stopped = false;
    read(reader, report, () => stopped);
    return { abort: () => void (stopped = true) }; // the stream is cancelled when the source ends
  };
  start.readsStream = true; // no URL to request (js/connection/connection.js)
  return start;
}

async function read(reader, report, stopped) {
  await null; // a transport reports later, never from inside the call that started it
  if (stopped()) return;
  report.response(200, 'text/event-stream', STREAM_URL, {
    statusText: '',
    headers: NO_HEADERS,
    readPrefix: async () => '',
  });
  const bytesOf = chunkDecoder();
  try {
    while (!stopped()) {
      const { done, value } = await reader.read();
      if (stopped()) return;
      if (done) return report.error('stream-ended');
      report.chunk(bytesOf(value));
    }
  } catch (error) {
    if (!stopped()) report.error('stream-ended', error); // the stream errored, or sent a chunk of no bytes
  }
}

/**
 * Chunks as bytes: a Uint8Array as it is, an ArrayBuffer or another view as its bytes, a string as
 * UTF-8 (a surrogate pair split between two strings is kept whole). Anything else is a TypeError.
 */
function chunkDecoder() {
  let highSurrogate = '';
  return (chunk) => {
    if (chunk instanceof Uint8Array) return chunk;
    if (ArrayBuffer.isView(chunk)) return new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (chunk instanceof ArrayBuffer) return new Uint8Array(chunk);
    if (typeof chunk !== 'string') {
      throw new TypeError(
        `eventsource-wasm: a stream's chunks must be bytes (Uint8Array, ArrayBuffer) or strings, not ${chunk === null ? 'null' : typeof chunk}`,
      );
    }
    let text = highSurrogate + chunk;
    const last = text.charCodeAt(text.length - 1);
    highSurrogate = last >= 0xd800 && last <= 0xdbff ? text.slice(-1) : '';
    if (highSurrogate !== '') text = text.slice(0, -1);
    return encoder.encode(text);
  };
}
