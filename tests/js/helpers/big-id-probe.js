// Run in a process of its own (tests/js/spike-memory.test.js): an EventSource reads `count` events, each
// `id: <size bytes>` and `data: n`, through a fetch whose body comes in the chunking Node's HTTP client
// gave a client lagging behind its socket (laggingBody, below), the same on every run. Prints the events
// seen and the Wasm memory's growth, as JSON. A fresh process per case: Wasm memory never shrinks.
import { EventSource } from '../../../js/index.js';
import { loadCore } from '../../../js/core/core-module.js';
import '../../../js/core/standard-core.js'; // provides the standard core to loadCore

const [countArg, sizeArg, maxLineArg] = process.argv.slice(2);
const COUNT = Number(countArg);
const SIZE = Number(sizeArg);
const encoder = new TextEncoder();

// The first reads of the body in a trace recorded under load (the response's headers took the rest of
// the first 64 KiB; then the socket was read before it had filled), before reads of a whole 64 KiB.
const FIRST_READS = [65364, 65536, 64512, 65536, 29696, 65536, 29696, 65536, 29696, 57856];
const READ = 65536;

/**
 * The body as Node's HTTP client hands it out when it lags behind its socket (traced on a loaded
 * machine): reads of 64 KiB of the wire, where each event is one chunk of the chunked encoding
 * (`<hex size>` CRLF event CRLF), and a read's body bytes are reported in pieces split where those
 * chunks end. The old allocator took ~1 MiB more per 1 MiB event at this chunking.
 */
function laggingBody() {
  const id = 'a'.repeat(SIZE);
  const wire = []; // pieces not yet read: { body: Uint8Array | null (framing), length }
  let wireLength = 0;
  let k = 0;
  let reads = 0;
  const write = (text) => {
    const body = encoder.encode(text);
    const head = body.length.toString(16).length + 2;
    wire.push({ body: null, length: head }, { body, length: body.length }, { body: null, length: 2 });
    wireLength += head + body.length + 2;
  };
  return new ReadableStream(
    {
      pull(controller) {
        const size = reads < FIRST_READS.length ? FIRST_READS[reads++] : READ;
        while (wireLength < size && k < COUNT) write(`id: ${id}\ndata: ${k++}\n\n`);
        if (wireLength === 0) return controller.close();
        for (let budget = size; budget > 0 && wire.length > 0;) {
          const piece = wire[0];
          const take = Math.min(budget, piece.length);
          if (piece.body !== null) controller.enqueue(piece.body.slice(0, take));
          budget -= take;
          wireLength -= take;
          piece.length -= take;
          if (piece.length === 0) wire.shift();
          else if (piece.body !== null) piece.body = piece.body.subarray(take);
        }
      },
    },
    { highWaterMark: 0 },
  );
}

const core = await loadCore();
const memory = () => core.HEAPU8.buffer.byteLength;
const base = memory();
const fetch = async () => new Response(laggingBody(), { headers: { 'content-type': 'text/event-stream' } });
const options = { fetch, ...(maxLineArg === undefined ? {} : { maxLineLength: Number(maxLineArg) }) };
const source = new EventSource('http://127.0.0.1:9/big-ids', options);
let events = 0;
let wrongId = 0;
source.onmessage = (event) => {
  if (event.lastEventId.length !== SIZE) wrongId++;
  if (++events === COUNT) {
    source.close();
    process.stdout.write(JSON.stringify({ events, wrongId, growth: memory() - base }));
  }
};
source.onerror = () => {
  source.close();
  process.stdout.write(JSON.stringify({ events, wrongId, growth: memory() - base, error: true }));
};
