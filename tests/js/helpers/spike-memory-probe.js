// Run in a process of its own (tests/js/spike-memory.test.js): feeds one connection a spike of one kind
// in 64 KiB chunks, then the same spike again, then a spike of another kind, and prints how much the
// Wasm memory grew at each step, as JSON. A fresh process per kind: Wasm memory never shrinks.
import { loadCore } from '../../../js/core/core-module.js';
import '../../../js/core/standard-core.js'; // provides the standard core to loadCore
import { CoreSession } from '../../../js/core/core-session.js';

const [kind, sizeArg] = process.argv.slice(2);
const N = Number(sizeArg);
const CHUNK = 64 << 10;
const encoder = new TextEncoder();

/** The bytes of one spike of `kind`, about N bytes of line or event, then a blank line. */
function spike(kind, n, k) {
  switch (kind) {
    case 'data':
      return encoder.encode(`data: ${String(k).padEnd(n, 'x')}\n\n`);
    case 'utf8':
      return encoder.encode(`data: ${k}${'\u00e9'.repeat(n / 2)}\n\n`); // n bytes of 2-byte characters
    case 'multi':
      return encoder.encode(`${`data: ${'m'.repeat(1017)}\n`.repeat(n / 1024)}\n`); // n bytes in 1 KiB lines
    case 'id':
      return encoder.encode(`id: ${String(k).padEnd(n, 'i')}\ndata: ${k}\n\n`);
    default:
      throw new Error(`unknown kind ${kind}`);
  }
}

const core = await loadCore();
const limits = { maxLineLength: N + 64, maxEventSize: 2 * N + 64, reconnectionTime: 3000 };
const events = [];
const sink = {
  lastEventId: '',
  startRequest() {},
  abortRequest() {},
  announce() {},
  fireError(state, code) {
    events.push(`error ${code}`);
  },
  scheduleReconnect() {},
  cancelReconnect() {},
  dispatchOptions() {},
  watchdog() {},
  setLastEventId(id) {
    this.lastEventId = id;
  },
  dispatch(type, data) {
    events.push({ type, length: data.length, idLength: this.lastEventId.length });
  },
};
const session = new CoreSession(core, limits);
session.start(sink);
session.response(200, 'text/event-stream', sink);
session.feed(encoder.encode('data: warm-up\n\n'), sink);

const memory = () => core.HEAPU8.buffer.byteLength;
const feedAll = (bytes) => {
  for (let at = 0; at < bytes.length; at += CHUNK) session.feed(bytes.subarray(at, at + CHUNK), sink);
};
const base = memory();
const growth = [];
feedAll(spike(kind, N, 1));
growth.push(memory() - base);
feedAll(spike(kind, N, 2));
growth.push(memory() - base);
const other = { data: 'id', id: 'multi', multi: 'utf8', utf8: 'data' }[kind];
feedAll(spike(other, N, 3));
growth.push(memory() - base);
session.free();
process.stdout.write(JSON.stringify({ kind, size: N, growth, events: events.slice(1) }));
