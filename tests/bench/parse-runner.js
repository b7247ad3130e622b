// Child process of the parser section: checks every parser against every workload and chunking, then times them.
//
// Run with --expose-gc: a collection before each timed parse keeps one implementation's garbage from
// being collected on the next one's clock. Asked { cmd: 'run', scale, rounds, core } (core: 'wasm' or
// 'js', see parsers.js); answers { cells, agreement }: only parsers that agreed on a cell are timed in it.
import { failedRun, judge } from './agreement.js';
import { onParentGone, serveRequests } from './children.js';
import { createDigester } from './digest.js';
import { parsers } from './parsers.js';
import { interleavedRounds, median } from './stats.js';
import { CHUNK_SIZES, splitAtEvents, splitBytes, workloads } from './workloads.js';

const ONE_EVENT_PER_CHUNK = 'one event per chunk';

/** The cells of the section: each workload at each chunk size, and the tiny tokens one event per chunk. */
function cells(list) {
  const out = [];
  for (const w of list) {
    for (const [chunking, size] of Object.entries(CHUNK_SIZES))
      out.push({ workload: w, chunking, chunks: splitBytes(w.bytes, size) });
  }
  const tiny = list.find((w) => w.key === 'tiny');
  out.push({ workload: tiny, chunking: ONE_EVENT_PER_CHUNK, chunks: splitAtEvents(tiny.bytes, tiny.eventEnds) });
  return out;
}

function digestOf(parser, chunks) {
  const digester = createDigester();
  parser.parse(chunks, (type, data, lastEventId) => digester.add(type, data, lastEventId));
  return { events: digester.events, digest: digester.digest() };
}

// What the timed runs hand each event to: it reads the data's length and last character, as any
// consumer would (a lazily built string pays for its flattening then), and nothing more.
function timeParse(parser, chunks, expected) {
  let events = 0;
  let check = 0;
  const onEvent = (type, data) => {
    events++;
    check = (check + data.length + (data.length > 0 ? data.charCodeAt(data.length - 1) : 0) + type.length) | 0;
  };
  globalThis.gc();
  const start = process.hrtime.bigint();
  parser.parse(chunks, onEvent);
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (events !== expected) throw new Error(`${parser.name}: ${events} events in a timed run, expected ${expected}`);
  return ms;
}

async function measureCell(impls, cell, rounds) {
  const { workload, chunking, chunks } = cell;
  const verdicts = impls.map((p) => {
    try {
      return judge(p.name, workload, digestOf(p, chunks), 'parser', chunking);
    } catch (error) {
      return failedRun(p.name, workload, 'parser', chunking, error); // it threw mid-stream
    }
  });
  const timed = impls.filter((p, i) => verdicts[i].status === 'ok');
  const { samples, failures } = await interleavedRounds(timed, rounds, (p) =>
    timeParse(p, chunks, workload.events.length),
  );
  const results = Object.fromEntries(
    Object.entries(samples).map(([name, ms]) => [name, { ms: median(ms), samples: ms }]),
  );
  return {
    cell: {
      workload: workload.key,
      title: workload.title,
      chunking,
      bytes: workload.bytes.length,
      events: workload.events.length,
      chunks: chunks.length,
      results,
      failures,
    },
    verdicts,
  };
}

async function run({ scale, rounds, core }) {
  const impls = await parsers(core);
  const out = { cells: [], agreement: [] };
  for (const cell of cells(workloads({ scale }))) {
    const { cell: measured, verdicts } = await measureCell(impls, cell, rounds);
    out.cells.push(measured);
    out.agreement.push(...verdicts);
  }
  return out;
}

onParentGone(15 * 60);
serveRequests((message) => run(message));
process.send({ ready: true });
