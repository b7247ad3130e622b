// Keeps `npm run bench` honest: every parser it times must produce each workload's own events, at every chunking it uses.
// Small sizes (the BENCH_QUICK scale) and no timing, so it stays fast.
import assert from 'node:assert/strict';
import { judge } from '../bench/agreement.js';
import { createDigester, eventDigest } from '../bench/digest.js';
import { parsers } from '../bench/parsers.js';
import { CHUNK_SIZES, WORKLOAD_KEYS, splitAtEvents, splitBytes, workloads } from '../bench/workloads.js';

const SCALE = 0.01;

function chunkings(workload) {
  return {
    ...Object.fromEntries(Object.entries(CHUNK_SIZES).map(([name, size]) => [name, splitBytes(workload.bytes, size)])),
    'one event per chunk': splitAtEvents(workload.bytes, workload.eventEnds),
    '7-byte chunks': splitBytes(workload.bytes, 7), // every boundary case (CR|LF, split UTF-8) many times over
  };
}

function run(parser, chunks) {
  const digester = createDigester();
  parser.parse(chunks, (type, data, lastEventId) => digester.add(type, data, lastEventId));
  return { events: digester.events, digest: digester.digest() };
}

describe('benchmark workloads', function () {
  this.timeout(30000);
  let list;
  let impls;
  before(async () => {
    list = workloads({ scale: SCALE });
    impls = await parsers();
  });

  it('are the seven workloads tests/bench/workloads.js defines for the parser benchmark, each with events and their digest', () => {
    assert.deepEqual(WORKLOAD_KEYS, ['tiny', 'small-typed', 'multiline', 'large', 'crlf', 'heartbeat', 'utf8']);
    for (const w of list) {
      assert.ok(w.events.length >= 2, w.key);
      assert.equal(w.eventEnds.at(-1), w.bytes.length, w.key);
      assert.equal(w.digest, eventDigest(w.events), w.key);
    }
  });

  it('are parsed to exactly their own events by eventsource-wasm and every peer, at every chunking', () => {
    assert.deepEqual(
      impls.map((p) => p.name),
      ['eventsource-wasm', 'eventsource-parser', 'undici'],
    );
    for (const w of list) {
      for (const [chunking, chunks] of Object.entries(chunkings(w))) {
        for (const parser of impls) {
          const verdict = judge(parser.name, w, run(parser, chunks), 'parser', chunking);
          assert.ok(['ok', 'excluded'].includes(verdict.status), verdict.reason);
        }
      }
    }
  });

  it('tells apart sequences that differ only in one lastEventId, one type or their order', () => {
    const [w] = workloads({ scale: SCALE, only: ['small-typed'] });
    const changed = (i, patch) => w.events.map((e, k) => (k === i ? { ...e, ...patch } : e));
    const swapped = [w.events[1], w.events[0], ...w.events.slice(2)];
    for (const events of [changed(3, { lastEventId: 'x' }), changed(0, { type: 'other' }), swapped]) {
      const verdict = judge('someone', w, { events: events.length, digest: eventDigest(events) }, 'parser');
      assert.equal(verdict.status, 'disagrees');
      assert.match(verdict.reason, /disagrees on workload "small-typed"/);
    }
  });
});
