// npm run bench: eventsource-wasm against its peers, measured in the same process and run, reported as
// ratios (above 1: eventsource-wasm is faster or smaller). Medians of BENCH_ROUNDS rounds (default 5),
// implementations interleaved within each round. Writes build/bench.json.
import { fork } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { clients } from './clients.js';
import { parsers } from './parsers.js';
import { bundleSizes } from './sizes.js';
import { workloads } from './workloads.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const mb = (bytes) => bytes / (1024 * 1024);

async function parseThroughput(list) {
  const impls = await parsers();
  const rows = [];
  for (const w of list) {
    // Agreement first: a peer that parses differently would make the comparison meaningless.
    const tallies = impls.map((p) => p.parse(w.chunks));
    for (const [i, t] of tallies.entries()) {
      if (t.events !== w.events || t.dataLength !== tallies[0].dataLength || t.checksum !== tallies[0].checksum) {
        throw new Error(`${impls[i].name} disagrees on "${w.name}": ${JSON.stringify(t)} vs ${JSON.stringify(tallies[0])}`);
      }
    }
    const times = impls.map(() => []);
    for (let round = 0; round < ROUNDS; round++) {
      for (const [i, p] of impls.entries()) {
        const start = process.hrtime.bigint();
        p.parse(w.chunks);
        times[i].push(Number(process.hrtime.bigint() - start) / 1e6);
      }
    }
    const ms = times.map(median);
    rows.push({ workload: w.name, megabytes: mb(w.bytes.length), results: impls.map((p, i) => ({ name: p.name, ms: ms[i] })) });
  }
  return rows;
}

async function startServer(index) {
  const child = fork(new URL('./stream-server.js', import.meta.url), [String(index)], { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
  const port = await new Promise((resolve) => child.stdout.once('data', (d) => resolve(Number(String(d).trim()))));
  return { url: `http://127.0.0.1:${port}/`, stop: () => child.kill() };
}

async function endToEnd(list) {
  const impls = clients();
  const rows = [];
  for (const [index, w] of list.entries()) {
    const server = await startServer(index);
    try {
      const times = impls.map(() => []);
      for (let round = 0; round <= ROUNDS; round++) {
        for (const [i, c] of impls.entries()) {
          const ms = await c.run(server.url, w.events);
          if (round > 0) times[i].push(ms); // round 0 warms up
        }
      }
      rows.push({ workload: w.name, megabytes: mb(w.bytes.length), results: impls.map((c, i) => ({ name: c.name, ms: median(times[i]) })) });
    } finally {
      server.stop();
    }
  }
  return rows;
}

function printTimes(title, rows) {
  console.log(`\n${title}`);
  for (const row of rows) {
    const ours = row.results[0];
    console.log(`  ${row.workload} (${row.megabytes.toFixed(1)} MiB)`);
    for (const r of row.results) {
      const speed = `${(row.megabytes / (r.ms / 1000)).toFixed(0).padStart(5)} MiB/s`;
      const ratio = r === ours ? '' : `   eventsource-wasm is ${(r.ms / ours.ms).toFixed(2)}x its speed`;
      console.log(`    ${r.name.padEnd(20)} ${r.ms.toFixed(1).padStart(8)} ms ${speed}${ratio}`);
    }
  }
}

function printSizes(sizes) {
  console.log('\nbrowser bundle (esbuild --minify, gzip -9)');
  const ours = sizes[0];
  for (const s of sizes) {
    const ratio = s === ours ? '' : `   eventsource-wasm is ${(ours.gzip / s.gzip).toFixed(2)}x its gzip size`;
    console.log(`    ${s.name.padEnd(34)} ${String(s.raw).padStart(7)} B raw ${String(s.gzip).padStart(7)} B gzip${ratio}`);
  }
}

const list = workloads();
console.log(`eventsource-wasm benchmarks: Node ${process.version}, ${ROUNDS} rounds, medians`);
const parse = await parseThroughput(list);
printTimes('parsing in process (16 KiB chunks in, events with string fields out)', parse);
const e2e = await endToEnd(list);
printTimes('EventSource end to end over loopback (server in a child process)', e2e);
const sizes = await bundleSizes();
printSizes(sizes);
mkdirSync(new URL('../../build/', import.meta.url), { recursive: true });
writeFileSync(new URL('../../build/bench.json', import.meta.url), JSON.stringify({ node: process.version, rounds: ROUNDS, parse, e2e, sizes }, null, 2));
