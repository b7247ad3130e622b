// The stream parsers under comparison: bytes in, one onEvent(type, data, lastEventId) call per event out.
//
// Each adapter does what its own EventSource does around its parser and nothing more, so the work
// compared is "network bytes to the strings a MessageEvent carries": ours copies each chunk into Wasm
// memory; eventsource-parser takes strings, so it gets a streaming TextDecoder first (as the
// `eventsource` client does); undici's parser is the Transform stream behind its EventSource, driven
// synchronously. Each keeps the last event ID the way its client does, so the three agree on meaning.
import { importPeer, requirePeer } from './peers.js';
import { loadCore, loadJsCore } from '../../js/core/core-module.js';
import '../../js/core/standard-core.js'; // provides the standard core to loadCore
import { CoreSession } from '../../js/core/core-session.js';
import { DEFAULT_LIMITS } from '../../js/options/parser-limits.js';

const { createParser } = await importPeer('eventsource-parser');
const { EventSourceStream } = requirePeer('undici/lib/web/eventsource/eventsource-stream.js');

/** eventsource-wasm: one copy in, one call, one batch out per chunk (js/core/core-session.js). */
function wasmParser(core) {
  return (chunks, onEvent) => {
    const sink = {
      lastEventId: '',
      failure: null,
      startRequest() {},
      abortRequest() {},
      announce() {},
      scheduleReconnect() {},
      cancelReconnect() {},
      dispatchOptions() {},
      fireError(readyState, code) {
        this.failure ??= code;
      },
      setLastEventId(id) {
        this.lastEventId = id;
      },
      dispatch(type, data) {
        onEvent(type, data, this.lastEventId);
      },
    };
    const session = new CoreSession(core, { ...DEFAULT_LIMITS, reconnectionTime: 3000, flags: 0 });
    try {
      session.start(sink);
      session.response(200, 'text/event-stream', sink);
      for (const chunk of chunks) session.feed(chunk, sink);
    } finally {
      session.free();
    }
    if (sink.failure !== null) throw new Error(`eventsource-wasm failed the stream: ${sink.failure}`);
  };
}

/** eventsource-parser: its `id` is the event's own id field, so the last event ID is kept here, via onId. */
function eventsourceParser() {
  return (chunks, onEvent) => {
    let lastEventId = '';
    const parser = createParser({
      onId(id) {
        lastEventId = id;
      },
      onEvent(event) {
        onEvent(event.event ?? 'message', event.data, lastEventId);
      },
      onError(error) {
        throw error;
      },
    });
    const decoder = new TextDecoder();
    for (const chunk of chunks) parser.feed(decoder.decode(chunk, { stream: true }));
  };
}

/** undici: EventSourceStream._transform per chunk, as its EventSource's pipeline calls it. */
function undiciParser() {
  return (chunks, onEvent) => {
    const stream = new EventSourceStream({
      eventSourceSettings: { origin: 'http://127.0.0.1', lastEventId: '', reconnectionTime: 3000 },
      push(event) {
        onEvent(event.type, event.options.data, event.options.lastEventId);
      },
    });
    const done = (error) => {
      if (error) throw error;
    };
    for (const chunk of chunks)
      stream._transform(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length), null, done);
  };
}

/** Ours, the same C++ compiled to JavaScript (where WebAssembly is refused). */
export const JS_CORE = 'eventsource-wasm (JS core)';

/**
 * The reference implementation first: [{ name, parse(chunks, onEvent) }]. `core`: 'wasm', ours with the
 * Wasm core and the peers; 'js', ours with the JS core and eventsource-parser. Never both cores in one
 * process: CoreSession's call sites would see two kinds of module and slow down for both.
 */
export async function parsers(core = 'wasm') {
  if (core === 'js')
    return [
      { name: JS_CORE, parse: wasmParser(await loadJsCore()) },
      { name: 'eventsource-parser', parse: eventsourceParser() },
    ];
  return [
    { name: 'eventsource-wasm', parse: wasmParser(await loadCore()) },
    { name: 'eventsource-parser', parse: eventsourceParser() },
    { name: 'undici', parse: undiciParser() },
  ];
}
