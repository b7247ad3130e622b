// The stream parsers under comparison, each fed the same chunks, each turning them into events with
// string fields, and each returning a tally so the harness can check they agree. The tally reads a
// character of each event's data, as any consumer would: a lazily concatenated string pays then.
import { createRequire } from 'node:module';
import { createParser } from 'eventsource-parser';
import { loadCore } from '../../js/core-module.js';
import { CoreSession } from '../../js/core-session.js';
import { DEFAULT_LIMITS } from '../../js/event-source.js';

const require = createRequire(import.meta.url);
const { EventSourceStream } = require('undici/lib/web/eventsource/eventsource-stream.js');

function newTally() {
  return { events: 0, dataLength: 0, checksum: 0 };
}

function count(tally, data) {
  tally.events++;
  tally.dataLength += data.length;
  if (data.length > 0) tally.checksum = (tally.checksum + data.charCodeAt(data.length - 1)) | 0;
}

/** eventsource-wasm: one copy in, one call, one batch out per chunk (js/core-session.js). */
async function wasmParser() {
  const core = await loadCore();
  return (chunks) => {
    const tally = newTally();
    const sink = {
      lastEventId: '',
      startRequest() {}, abortRequest() {}, announce() {}, fireError() {}, scheduleReconnect() {}, cancelReconnect() {},
      setLastEventId(id) { this.lastEventId = id; },
      dispatch(type, data) {
        const event = { type, data, lastEventId: this.lastEventId };
        count(tally, event.data);
      },
    };
    const session = new CoreSession(core, { ...DEFAULT_LIMITS, reconnectionTime: 3000 });
    session.start(sink);
    session.response(200, 'text/event-stream', sink);
    for (const chunk of chunks) session.feed(chunk, sink);
    session.free();
    return tally;
  };
}

/** eventsource-parser: strings in, so a streaming TextDecoder first (as the `eventsource` client does). */
async function eventsourceParser() {
  return (chunks) => {
    const tally = newTally();
    const parser = createParser({
      onEvent(event) {
        count(tally, event.data);
      },
    });
    const decoder = new TextDecoder();
    for (const chunk of chunks) parser.feed(decoder.decode(chunk, { stream: true }));
    return tally;
  };
}

/** undici: the Transform stream behind its EventSource, driven synchronously through _transform. */
async function undiciParser() {
  return (chunks) => {
    const tally = newTally();
    const stream = new EventSourceStream({
      eventSourceSettings: { origin: 'http://127.0.0.1', lastEventId: '', reconnectionTime: 3000 },
      push(event) {
        count(tally, event.options.data);
      },
    });
    const done = () => {};
    for (const chunk of chunks) stream._transform(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length), null, done);
    return tally;
  };
}

/** [{ name, parse(chunks) }], eventsource-wasm first. */
export async function parsers() {
  return [
    { name: 'eventsource-wasm', parse: await wasmParser() },
    { name: 'eventsource-parser', parse: await eventsourceParser() },
    { name: 'undici', parse: await undiciParser() },
  ];
}
