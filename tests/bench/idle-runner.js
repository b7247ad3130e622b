// Child process holding N idle connections of one Node EventSource client, and reporting its memory per connection.
//
// Usage: fork idle-runner.js <client name>, with --expose-gc. Sends { ready: true } or { ready: false,
// reason }. Request { cmd: 'run', url, count, timeoutMs }: opens WARM_UP sources, takes the baseline,
// opens `count` more in batches (each waits for every `open`), then reports the growth per connection
// of RSS, the JS heap, external memory and, for eventsource-wasm, the Wasm memory
// ((await loadCore()).HEAPU8.buffer.byteLength), all read after gc().
import { nodeClient } from './clients.js';
import { serveClient, withTimeout } from './children.js';

const WARM_UP = 10; // first connections pay for lazily created agents, pools and JIT code: kept out of the delta
const BATCH = 250; // connects in flight at once
const SETTLE_MS = 500;

const name = process.argv[2];
const client = nodeClient(name);
const wasmMemory = name.startsWith('eventsource-wasm') ? await wasmMemoryReader() : () => null;

async function wasmMemoryReader() {
  const { loadCore } = await import('../../js/core/core-module.js');
  const core = await loadCore(); // the same memoised core the EventSource uses
  return () => core.HEAPU8.buffer.byteLength;
}

async function snapshot() {
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  globalThis.gc();
  globalThis.gc();
  const { rss, heapUsed, external } = process.memoryUsage();
  return { rss, heapUsed, external, wasm: wasmMemory() };
}

function openOne(url, sources) {
  return new Promise((resolve, reject) => {
    const source = client.create(url);
    sources.push(source);
    source.onopen = () => resolve();
    source.onerror = () =>
      reject(new Error(`${name}: connection ${sources.length} failed (readyState ${source.readyState})`));
  });
}

async function openMany(url, count, sources) {
  for (let opened = 0; opened < count; opened += BATCH) {
    const batch = [];
    for (let i = opened; i < Math.min(count, opened + BATCH); i++) batch.push(openOne(url, sources));
    await Promise.all(batch);
  }
}

async function run({ url, count, timeoutMs }) {
  const sources = [];
  try {
    return await withTimeout(
      (async () => {
        await openMany(url, WARM_UP, sources);
        const before = await snapshot();
        const start = performance.now();
        await openMany(url, count, sources);
        const openMs = performance.now() - start;
        const after = await snapshot();
        const per = (field) => (after[field] === null ? null : (after[field] - before[field]) / count);
        return {
          count,
          openMs,
          rss: per('rss'),
          heapUsed: per('heapUsed'),
          external: per('external'),
          wasm: per('wasm'),
          before,
          after,
        };
      })(),
      timeoutMs,
      `${name}: ${count} idle connections`,
    );
  } finally {
    for (const source of sources) source.close();
  }
}

serveClient(client, run);
