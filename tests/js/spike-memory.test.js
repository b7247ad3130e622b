// Memory after spikes (issue 11.4): a line or event at the limit costs at most about twice its size in
// Wasm memory at its peak, and once dispatched its memory is reused: the same spike again costs nothing
// more, and a spike of another kind reuses it too. Each kind runs in a process of its own
// (helpers/spike-memory-probe.js), since Wasm memory never shrinks: what it grew by is the peak.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const PROBE = fileURLToPath(new URL('./helpers/spike-memory-probe.js', import.meta.url));
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
  utf8: { line: 'one `data:` line of 8 MiB of 2-byte characters', after: 'an 8 MiB `data:` line', events: [N / 2 + 1, N / 2 + 1, N] },
  multi: { line: 'an 8 MiB event of 1 KiB `data:` lines', after: '8 MiB of 2-byte characters', events: [8339455, 8339455, N / 2 + 1] },
  id: { line: 'an `id:` of 8 MiB', after: 'an 8 MiB event of 1 KiB lines', events: [1, 1, 8339455] },
};

describe('Wasm memory after a spike (8 MiB, in 64 KiB chunks)', function () {
  this.timeout(120000);

  for (const [kind, { line, after, events }] of Object.entries(KINDS)) {
    it(`${line}: at most 2x at the peak, nothing more for the same again, reused by ${after}`, async () => {
      const { growth, events: seen } = await probe(kind);
      const ratios = growth.map((bytes) => (bytes / N).toFixed(2));
      console.log(`      ${kind}: grew ${ratios.join('x, ')}x the spike (first, same again, another kind)`);
      assert.deepEqual(seen.map((event) => event.length), events);
      if (kind === 'id') assert.deepEqual(seen.map((event) => event.idLength), [N, N, N]);
      assert.ok(growth[0] <= 2 * N + GRANULE, `the first spike grew memory by ${ratios[0]}x`);
      assert.equal(growth[1], growth[0], 'the same spike again took new memory');
      // After an id spike the id itself stays: it is the source's last event ID, sent on reconnection.
      const kept = kind === 'id' ? N : 0;
      assert.ok(growth[2] <= 2 * N + kept + GRANULE, `a spike of another kind grew memory to ${ratios[2]}x`);
    });
  }
});
