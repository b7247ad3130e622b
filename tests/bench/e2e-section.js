// Section 2, Node end to end over loopback: events/s and client CPU per event, each client in its own process.
//
// The server (stream-server.js) and every client (client-runner.js) are child processes. Agreement is
// checked first on every workload streamed fast; then tiny and small-typed events are timed "fast"
// (64 KiB writes as fast as the socket takes them) and "paced" (one write per event at pacedRate).
import { execFileSync } from 'node:child_process';
import { agreeing, failedRun, judge } from './agreement.js';
import { checkDeadline, startChild } from './children.js';
import { NODE_CLIENTS, portFor } from './clients.js';
import { interleavedRounds, median } from './stats.js';
import { eventCount } from './workloads.js';
import { otherRuntimes } from '../js/helpers/runtimes.js';

export const E2E_WORKLOADS = ['tiny', 'small-typed'];
const FAST_TIMEOUT_MS = 60000;

/** The Node binary BENCH_NODE names (a version: installed from npm as the tests install it; or a path). */
export async function clientNode(config) {
  if (config.node === null) return process.execPath;
  if (!/^\d+$/.test(config.node)) return config.node;
  const runtimes = await otherRuntimes();
  const path = runtimes[`node${config.node}`];
  if (path === undefined) throw new Error(`BENCH_NODE=${config.node}: not one of 22, 24, 26, nor a path`);
  return path;
}

async function startRunners(execPath) {
  const runners = [];
  const skipped = [];
  for (const { name } of NODE_CLIENTS) {
    const runner = await startChild(new URL('./client-runner.js', import.meta.url), {
      args: [name],
      flags: ['--expose-gc'],
      name: `client ${name}`,
      execPath,
    });
    if (runner.ready.ready) runners.push({ name, ...runner });
    else {
      skipped.push({ name, reason: runner.ready.reason });
      runner.stop();
    }
  }
  return { runners, skipped };
}

// The stream for runner `name`: the server's h2c port for the http2 client (clients.js portFor), else its http one.
function streamUrl(name, ports, workload, mode, config) {
  const base = `http://127.0.0.1:${portFor(name, ports)}/stream/${workload.key}?mode=${mode}`;
  return mode === 'paced' ? `${base}&n=${config.pacedEvents}&rate=${config.pacedRate}` : base;
}

async function checkAgreement(runners, list, ports, config, deadline) {
  const verdicts = [];
  for (const workload of list) {
    for (const runner of runners) {
      checkDeadline(deadline, 'end-to-end agreement');
      const request = {
        cmd: 'run',
        url: streamUrl(runner.name, ports, workload, 'fast', config),
        expected: workload.events.length,
        types: workload.types,
        digest: true,
        timeoutMs: FAST_TIMEOUT_MS,
      };
      const verdict = await runner.request(request, FAST_TIMEOUT_MS + 5000).then(
        (got) => judge(runner.name, workload, got, 'node', 'fast'),
        (error) => failedRun(runner.name, workload, 'node', 'fast', error),
      );
      verdicts.push(verdict);
    }
  }
  return verdicts;
}

async function measureCell(runners, workload, mode, ports, config) {
  const expected = eventCount(workload, mode === 'paced' ? { n: config.pacedEvents } : undefined);
  const timeoutMs = mode === 'paced' ? (1000 * expected) / config.pacedRate + 30000 : FAST_TIMEOUT_MS;
  const request = { cmd: 'run', expected, types: workload.types, digest: false, timeoutMs };
  const { samples, failures } = await interleavedRounds(runners, config.rounds, (r) =>
    r.request({ ...request, url: streamUrl(r.name, ports, workload, mode, config) }, timeoutMs + 5000),
  );
  const results = {};
  for (const [name, runs] of Object.entries(samples)) {
    const ms = median(runs.map((s) => s.ms));
    const cpuUs = median(runs.map((s) => s.cpuUs));
    results[name] = {
      ms,
      eventsPerS: expected / (ms / 1000),
      cpuUsPerEvent: cpuUs / expected,
      samples: runs.map(({ ms: m, cpuUs: c }) => ({ ms: m, cpuUs: c })),
    };
  }
  return { workload: workload.key, title: workload.title, mode, events: expected, results, failures };
}

/** { cells, agreement, skipped, node (the clients' Node version) }; `list` is every workload (agreement), E2E_WORKLOADS are timed. */
export async function e2eSection(config, list, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  const server = await startChild(new URL('./stream-server.js', import.meta.url), {
    args: [String(config.scale)],
    name: 'stream server',
  });
  const execPath = await clientNode(config);
  const { runners, skipped } = await startRunners(execPath).catch((error) => {
    server.stop();
    throw error;
  });
  try {
    const ports = server.ready; // { port, h2Port }
    const agreement = await checkAgreement(runners, list, ports, config, deadline);
    const cells = [];
    for (const workload of list.filter((w) => E2E_WORKLOADS.includes(w.key))) {
      const agreed = agreeing(agreement, workload.key);
      const timed = runners.filter((r) => agreed.has(r.name));
      for (const mode of ['fast', 'paced']) {
        checkDeadline(deadline, 'end-to-end timing');
        cells.push(await measureCell(timed, workload, mode, ports, config));
      }
    }
    return { cells, agreement, skipped, node: execFileSync(execPath, ['--version'], { encoding: 'utf8' }).trim() };
  } finally {
    for (const runner of runners) runner.stop();
    server.stop();
  }
}
