// Memory after spikes: a line or event at the limit costs at most about twice its size in
// Wasm memory at its peak, and once dispatched its memory is reused: the same spike again costs nothing
// more, and a spike of another kind reuses it too. Each kind runs in a process of its own
// (helpers/spike-memory-probe.js), since Wasm memory never shrinks: what it grew by is the peak.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const PROBE = fileURLToPath(new URL('./helpers/spike-memory-probe.js', import.meta.url));
const BIG_ID_PROBE = fileURLToPath(new URL('./helpers/big-id-probe.js', import.meta.url));
const N = 8 << 20;
const MIB = 1 << 20;
// Wasm memory grows by 1 MiB at least (cpp/wasm/malloc.cc), so a measured growth may be up to 1 MiB
// more than the heap's peak.
const GRANULE = MIB;

async function probe(kind) {
  const { stdout } = await run(process.execPath, [PROBE, kind, String(N)], { timeout: 60000, maxBuffer: 1 << 20 });
  return JSON.parse(stdout);
}

const KINDS = {
  data: { line: 'one `data:` line of 8 MiB', after: 'an 8 MiB `id:`', events: [N, N, 1] },
  utf8: {
    line: 'one `data:` line of 8 MiB of 2-byte characters',
    after: 'an 8 MiB `data:` line',
    events: [N / 2 + 1, N / 2 + 1, N],
  },
  multi: {
    line: 'an 8 MiB event of 1 KiB `data:` lines',
    after: '8 MiB of 2-byte characters',
    events: [8339455, 8339455, N / 2 + 1],
  },
  id: { line: 'an `id:` of 8 MiB', after: 'an 8 MiB event of 1 KiB lines', events: [1, 1, 8339455] },
};

describe('Wasm memory after a spike (8 MiB, in 64 KiB chunks)', function () {
  this.timeout(120000);

  for (const [kind, { line, after, events }] of Object.entries(KINDS)) {
    it(`${line}: at most 2x at the peak, nothing more for the same again, reused by ${after}`, async () => {
      const { growth, events: seen } = await probe(kind);
      const ratios = growth.map((bytes) => (bytes / N).toFixed(2));
      console.log(`      ${kind}: grew ${ratios.join('x, ')}x the spike (first, same again, another kind)`);
      assert.deepEqual(
        seen.map((event) => event.length),
        events,
      );
      if (kind === 'id')
        assert.deepEqual(
          seen.map((event) => event.idLength),
          [N, N, N],
        );
      assert.ok(growth[0] <= 2 * N + GRANULE, `the first spike grew memory by ${ratios[0]}x`);
      assert.equal(growth[1], growth[0], 'the same spike again took new memory');
      // After an id spike the id itself stays: it is the source's last event ID, sent on reconnection.
      const kept = kind === 'id' ? N : 0;
      assert.ok(growth[2] <= 2 * N + kept + GRANULE, `a spike of another kind grew memory to ${ratios[2]}x`);
    });
  }
});

// Large ids at the chunking of a client that lags behind its socket (helpers/big-id-probe.js): the
// line, the id it becomes and the batch's copy come and go in other orders than at even chunkings. The
// old allocator, which neither merged nor split free blocks, grew by about one id per event here:
// 600 ids of 1 MiB, +605 MiB; 100 of 10 MiB, +1,016 MiB. The bound: the last event ID the source keeps
// and the next id line, the two ids in flight, plus what the 1 MiB growth steps round up to.
describe("Wasm memory under large ids at a lagging client's chunking", function () {
  this.timeout(120000);

  const CASES = [
    { count: 600, size: MIB, title: '600 events with 1 MiB ids (default limits)' },
    { count: 100, size: 10 * MIB, maxLineLength: 16 * MIB, title: '100 events with 10 MiB ids (maxLineLength 16 MiB)' },
  ];
  for (const { count, size, maxLineLength, title } of CASES) {
    it(`${title}: every event with its id, and at most two ids' worth of memory`, async () => {
      const args = [
        BIG_ID_PROBE,
        String(count),
        String(size),
        ...(maxLineLength === undefined ? [] : [String(maxLineLength)]),
      ];
      const { stdout } = await run(process.execPath, args, { timeout: 100000, maxBuffer: 1 << 20 });
      const { events, wrongId, growth, error } = JSON.parse(stdout);
      console.log(
        `      ${count} x ${size / MIB} MiB ids: Wasm memory grew ${(growth / MIB).toFixed(2)} MiB (${(growth / size).toFixed(2)}x an id)`,
      );
      assert.equal(error, undefined, 'the source failed');
      assert.equal(events, count);
      assert.equal(wrongId, 0, 'events whose lastEventId was not the id sent');
      assert.ok(
        growth <= 2 * size + 2 * GRANULE,
        `Wasm memory grew ${(growth / MIB).toFixed(1)} MiB for ids of ${size / MIB} MiB`,
      );
    });
  }
});
