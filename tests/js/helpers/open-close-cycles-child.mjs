// The child process of tests/js/open-close-cycles.test.js: opens and closes EventSources against the URL
// in argv[2], `cycles` times (argv[3]), a batch at a time, counting the C++ objects the core creates
// and deletes (through the Embind class, the only way they are made and freed). Prints one JSON line
// of figures, then lets the process end by itself: its exit time is measured by the parent.
import { loadCore } from '../../../js/core/core-module.js';
import '../../../js/core/standard-core.js'; // provides the standard core to loadCore
import { EventSource } from '../../../js/index.js';

const [url, cyclesArgument] = process.argv.slice(2);
const CYCLES = Number(cyclesArgument);
const BATCH = 50;
const WARM_UP = 5000; // cycles before the measured ones (they count for the C++ objects too): the heap still settles over the first few thousand (30,000 measured cycles grew it by 60 KiB per 10,000, the first 10,000 after 2,000 by up to 160)

const core = await loadCore();
const counts = { created: 0, deleted: 0 };
const NativeSource = core.WasmEventSource;
const remove = NativeSource.prototype.delete;
NativeSource.prototype.delete = function () {
  counts.deleted += 1;
  return remove.call(this);
};
core.WasmEventSource = new Proxy(NativeSource, {
  construct(target, args) {
    counts.created += 1;
    return Reflect.construct(target, args);
  },
});

/** Opens `n` sources, waits for each to open, closes them all. */
async function cycle(n) {
  const sources = Array.from({ length: n }, () => new EventSource(url));
  await Promise.all(
    sources.map(
      (source) =>
        new Promise((resolve, reject) => {
          source.onopen = resolve;
          source.onerror = () => reject(new Error('a source failed to open'));
        }),
    ),
  );
  for (const source of sources) source.close();
}

/**
 * The heap once the last batch's closed sockets are released: the least of three readings, each after
 * a wait and full collections (a reading taken while a socket is still being torn down is up to ~100 KiB
 * high, which alone swung the slope by more than the bound).
 */
async function settledHeap() {
  let least = Infinity;
  for (let k = 0; k < 3; k++) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    for (let n = 0; n < 4; n++) globalThis.gc();
    least = Math.min(least, process.memoryUsage().heapUsed);
  }
  return least;
}

// The heap is sampled every SAMPLE_EVERY cycles after the warm-up (after its JIT and caches settle), and
// its growth over the run is the slope of the samples times the cycles: a leak shows as a slope, where
// one sample against another would mostly measure the collector's noise. The slope is Theil-Sen's, the
// median of the slopes between every two samples: a sample or two the collector left high or low (seen:
// +-100 KiB on a heap of 7 MiB, which swung a least-squares fit from 57 to 386 KiB over 10,000 cycles)
// move it little, where a leak moves every pair.
const SAMPLE_EVERY = 1000;
for (let done = 0; done < WARM_UP; done += BATCH) await cycle(BATCH);
const samples = [];
for (let done = 0; done < CYCLES; done += BATCH) {
  if (done % SAMPLE_EVERY === 0) {
    samples.push([done, await settledHeap()]);
  }
  await cycle(BATCH);
}
const slopes = [];
for (let i = 0; i < samples.length; i++) {
  for (let j = i + 1; j < samples.length; j++)
    slopes.push((samples[j][1] - samples[i][1]) / (samples[j][0] - samples[i][0]));
}
slopes.sort((a, b) => a - b);
const slope =
  slopes.length % 2 === 1
    ? slopes[(slopes.length - 1) / 2]
    : (slopes[slopes.length / 2 - 1] + slopes[slopes.length / 2]) / 2;
console.log(
  JSON.stringify({
    ...counts,
    live: counts.created - counts.deleted,
    heapGrowth: Math.round(slope * CYCLES),
    closedAt: Date.now(),
  }),
);
