// The child process of tests/js/open-close-cycles.test.js: opens and closes EventSources against the URL
// in argv[2], `cycles` times (argv[3]), a batch at a time, counting the C++ objects the core creates
// and deletes (through the Embind class, the only way they are made and freed). Prints one JSON line
// of figures, then lets the process end by itself: its exit time is measured by the parent.
import { loadCore } from '../../../js/core-module.js';
import { EventSource } from '../../../js/index.js';

const [url, cyclesArgument] = process.argv.slice(2);
const CYCLES = Number(cyclesArgument);
const BATCH = 50;
const WARM_UP = 2000; // cycles before the measured ones (they count for the C++ objects too)

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
  await Promise.all(sources.map((source) => new Promise((resolve, reject) => {
    source.onopen = resolve;
    source.onerror = () => reject(new Error('a source failed to open'));
  })));
  for (const source of sources) source.close();
}

function heapAfterGc() {
  for (let k = 0; k < 4; k++) globalThis.gc();
  return process.memoryUsage().heapUsed;
}

// The heap is sampled every SAMPLE_EVERY cycles after the warm-up (after its JIT and caches settle), and
// its growth over the run is the least-squares slope of the samples times the cycles: a leak shows as a
// slope, where one sample against another would mostly measure the collector's noise.
const SAMPLE_EVERY = 1000;
for (let done = 0; done < WARM_UP; done += BATCH) await cycle(BATCH);
const samples = [];
for (let done = 0; done < CYCLES; done += BATCH) {
  if (done % SAMPLE_EVERY === 0) {
    await new Promise((resolve) => setTimeout(resolve, 20)); // closed sockets are released
    samples.push([done, heapAfterGc()]);
  }
  await cycle(BATCH);
}
const mean = (values) => values.reduce((a, b) => a + b, 0) / values.length;
const [mx, my] = [mean(samples.map(([x]) => x)), mean(samples.map(([, y]) => y))];
const slope = samples.reduce((sum, [x, y]) => sum + (x - mx) * (y - my), 0) / samples.reduce((sum, [x]) => sum + (x - mx) ** 2, 0);
console.log(JSON.stringify({ ...counts, live: counts.created - counts.deleted, heapGrowth: Math.round(slope * CYCLES), closedAt: Date.now() }));
