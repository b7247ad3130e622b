// npm run bench: eventsource-wasm against its peers in one bounded run; Markdown on stdout, build/bench.{json,md,svg}.
//
// Sections, in order (see each file): parse-section.js (parsers, 7 workloads × 2 chunk sizes and one
// event per chunk), e2e-section.js (Node EventSource end to end, fast and paced), idle-section.js (memory
// per idle connection), sizes.js (shipped files and peers' bundles), browser-section.js (Chromium,
// Firefox and WebKit). Every implementation's events are checked against each workload's own before it is timed.
// Ratios only, never timed assertions: the run fails (exit 1) on a disagreement, a section error or
// overrunning its time, never on a figure. Settings: tests/bench/config.js (BENCH_QUICK=1, BENCH_ROUNDS).
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { agreementFailures } from './agreement.js';
import { browserSection } from './browser-section.js';
import { killAll, withTimeout } from './children.js';
import { benchConfig } from './config.js';
import { e2eSection } from './e2e-section.js';
import { idleSection } from './idle-section.js';
import { parseSection } from './parse-section.js';
import { peerVersions } from './peers.js';
import { markdownReport } from './report.js';
import { sizesSection } from './sizes.js';
import { svgChart } from './svg.js';
import { workloads } from './workloads.js';

const BUILD = new URL('../../build/', import.meta.url);
function sections(config) {
  const needsWorkloads = config.sections.includes('e2e') || config.sections.includes('browser');
  const list = needsWorkloads ? workloads({ scale: config.scale }) : [];
  return {
    parse: (ms) => parseSection(config, ms),
    e2e: (ms) => e2eSection(config, list, ms),
    idle: (ms) => idleSection(config, ms),
    sizes: () => sizesSection(),
    browser: (ms) => browserSection(config, list, ms),
  };
}

// What makes a finished section fail the run: disagreements, and implementations whose runs failed.
function sectionFailures(key, result) {
  const timing = (result.cells ?? []).flatMap((c) =>
    Object.entries(c.failures ?? {}).map(
      ([name, message]) => `${key} ${c.workload} ${c.mode ?? c.chunking ?? ''}: ${name} not timed: ${message}`,
    ),
  );
  const idle = (result.rows ?? []).filter((r) => r.failed).map((r) => `${key} ${r.count}: ${r.name}: ${r.failed}`);
  return [...agreementFailures(result.agreement).map((reason) => `${key}: ${reason}`), ...timing, ...idle];
}

// A section gets its own bound and what is left of the run's; past either, its children are killed so
// that nothing of it keeps running under the next section's clock.
async function runSection(key, run, config, results, runEnd) {
  const ms = Math.max(0, Math.min(config.sectionTimeoutS[key] * 1000, runEnd - Date.now()));
  const start = Date.now();
  try {
    if (ms === 0) throw new Error('no time left in BENCH_BUDGET_S');
    results[key] = await withTimeout(run(ms), ms + 15000, `section ${key}`);
    results.failures.push(...sectionFailures(key, results[key]));
  } catch (error) {
    killAll();
    results[key] = { error: error.message };
    results.failures.push(`${key}: ${error.message}`);
  }
  results.meta.sectionS[key] = (Date.now() - start) / 1000;
  console.error(
    `bench: ${key} ${results[key].error ? 'FAILED' : 'done'} in ${results.meta.sectionS[key].toFixed(0)} s`,
  );
}

function write(results) {
  mkdirSync(BUILD, { recursive: true });
  const markdown = markdownReport(results);
  writeFileSync(new URL('bench.json', BUILD), `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(new URL('bench.md', BUILD), markdown);
  writeFileSync(new URL('bench.svg', BUILD), svgChart(results));
  return new Promise((resolve) => process.stdout.write(markdown, resolve));
}

async function main() {
  const config = benchConfig();
  const started = Date.now();
  const runEnd = started + config.budgetS * 1000;
  const results = {
    meta: {
      node: process.version,
      cpus: availableParallelism(),
      date: new Date().toISOString(),
      quick: config.quick,
      rounds: config.rounds,
      scale: config.scale,
      peers: peerVersions(),
      sectionS: {},
    },
    failures: [],
  };
  console.error(
    `bench: ${config.quick ? 'quick' : 'full'} run, ${config.rounds} round(s), sections ${config.sections.join(', ')}, bound ${config.budgetS} s`,
  );
  const run = sections(config);
  for (const key of config.sections) await runSection(key, run[key], config, results, runEnd);
  results.meta.browsers = results.browser?.engines?.map((e) => e.version);
  results.meta.e2eNode = results.e2e?.node; // the end-to-end clients' Node (BENCH_NODE)
  results.meta.wallS = (Date.now() - started) / 1000;
  await write(results);
  return results.failures.length > 0 ? 1 : 0;
}

// Exits explicitly: a peer's lingering socket or timer must not keep a finished run alive.
const code = await main();
killAll();
process.exit(code);
