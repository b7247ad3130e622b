// Keeps `npm run bench` honest: every parser it compares must produce the same events from each
// workload, or its ratios would compare different work. No timing here.
import assert from 'node:assert/strict';
import { parsers } from '../bench/parsers.js';
import { workloads } from '../bench/workloads.js';

describe('benchmark workloads', function () {
  it('are parsed to the same events, data and checksums by eventsource-wasm and every peer', async () => {
    const impls = await parsers();
    assert.deepEqual(impls.map((p) => p.name), ['eventsource-wasm', 'eventsource-parser', 'undici']);
    for (const w of workloads()) {
      const [ours, ...peers] = impls.map((p) => p.parse(w.chunks));
      assert.equal(ours.events, w.events, w.name);
      for (const peer of peers) assert.deepEqual(peer, ours, w.name);
    }
  });
});
