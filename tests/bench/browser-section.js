// Section 5, the browser: events/s and main-thread CPU per event in Chromium, Firefox and WebKit, polyfill vs native EventSource.
//
// The page (stream-server.js /bench/page.html, script browser-page.js) runs one implementation at a
// time over a fast loopback stream: the browser's own EventSource, eventsource-wasm's script-tag build
// (EventSourceWasm.EventSource, used directly, never installed over the native one) and, as a third
// column, event-source-polyfill. Main-thread CPU: the on-CPU time of the page processes' main threads
// (browser-engines.js: Linux's count, the same for the three engines), which runs network data delivery,
// parsing, event dispatch, our Wasm and GC. The network stack runs in another process (or thread) for every
// implementation alike and is not counted. Each engine runs in turn, with the same rounds: the workloads as fast
// as loopback goes, then the tiny one at the paced rate of the Node section (10,000 events/s, one write each).
import { agreeing, failedRun, judge } from './agreement.js';
import { checkDeadline, startChild, withTimeout } from './children.js';
import { launchEngine, pageMainThreadNs } from './browser-engines.js';
import { interleavedRounds, median } from './stats.js';
import { eventCount } from './workloads.js';

export const BROWSER_WORKLOADS = ['tiny', 'small-typed'];
const PACED_WORKLOAD = 'tiny';
const DISPATCH_FLOOR_EVENTS = 50000; // per batch of browser-page.js benchDispatchFloor
const RUN_TIMEOUT_MS = 60000;
const WAIT_SLICE_MS = 5000; // under the drivers' bound on one command

// paced: { n, rate } for a steady stream of the workload's first n events, one write each; else as fast as it goes.
function runner(engine, tab, origin) {
  return async (impl, workload, digest, paced) => {
    const mode = paced ? `mode=paced&n=${paced.n}&rate=${paced.rate}` : 'mode=fast';
    const request = {
      impl,
      url: `${origin}/stream/${workload.key}?${mode}`,
      expected: eventCount(workload, paced),
      types: workload.types,
      digest,
      timeoutMs: RUN_TIMEOUT_MS,
    };
    const before = pageMainThreadNs(engine);
    await tab.evaluate(`window.benchStart(${JSON.stringify(request)})`);
    const deadline = Date.now() + RUN_TIMEOUT_MS + 5000;
    let outcome;
    do {
      if (Date.now() > deadline) throw new Error(`${engine} ${impl}: no result in ${RUN_TIMEOUT_MS + 5000} ms`);
      outcome = await withTimeout(tab.evaluate(`window.benchWait(${WAIT_SLICE_MS})`), WAIT_SLICE_MS + 10000, engine);
    } while (!outcome.done);
    const cpuS = (pageMainThreadNs(engine) - before) / 1e9;
    if (outcome.error) throw new Error(outcome.error);
    return { ...outcome.result, cpuS };
  };
}

async function checkAgreement(run, impls, list, deadline, engine) {
  const verdicts = [];
  const detail = `${engine}, fast`;
  for (const workload of list) {
    checkDeadline(deadline, `browser agreement in ${engine}`);
    for (const impl of impls) {
      verdicts.push(
        await run(impl, workload, true).then(
          (got) => judge(impl, workload, got, 'browser', detail),
          (error) => failedRun(impl, workload, 'browser', detail, error),
        ),
      );
    }
  }
  return verdicts;
}

async function measureCell(run, impls, workload, rounds, paced) {
  const { samples, failures } = await interleavedRounds(
    impls.map((name) => ({ name })),
    rounds,
    ({ name }) => run(name, workload, false, paced),
  );
  const n = eventCount(workload, paced);
  const results = {};
  for (const [name, runs] of Object.entries(samples)) {
    const ms = median(runs.map((s) => s.ms));
    results[name] = {
      ms,
      eventsPerS: n / (ms / 1000),
      cpuUsPerEvent: (median(runs.map((s) => s.cpuS)) * 1e6) / n,
      samples: runs.map(({ ms: m, cpuS }) => ({ ms: m, cpuS })),
    };
  }
  return {
    workload: workload.key,
    title: workload.title,
    mode: paced ? 'paced' : 'fast',
    events: n,
    results,
    failures,
  };
}

async function inEngine(engine, origin, list, config, deadline) {
  const { rounds } = config;
  const tab = await engine.open(`${origin}/bench/page.html`);
  try {
    const impls = await tab.evaluate('window.benchAvailable()');
    // On the fresh page, before any run has grown its heap: the lowest the floor gets.
    const floor = await tab.evaluate(`window.benchDispatchFloor(${DISPATCH_FLOOR_EVENTS})`);
    const run = runner(engine.name, tab, origin);
    const agreement = await checkAgreement(run, impls, list, deadline, engine.name);
    // The workloads as fast as loopback goes, then a live stream's pace, one event per write (the fixed cost per
    // network chunk): the tiny workload's first events.
    const plan = [
      ...list.filter((w) => BROWSER_WORKLOADS.includes(w.key)).map((workload) => ({ workload })),
      {
        workload: list.find((w) => w.key === PACED_WORKLOAD),
        paced: { n: config.pacedEvents, rate: config.pacedRate },
      },
    ];
    const cells = [];
    for (const { workload, paced } of plan) {
      const agreed = agreeing(agreement, workload.key);
      checkDeadline(deadline, `browser timing in ${engine.name}`);
      const timed = impls.filter((impl) => agreed.has(impl));
      cells.push({ ...(await measureCell(run, timed, workload, rounds, paced)), engine: engine.name });
    }
    return { engine: engine.name, version: engine.version, impls, cells, agreement, dispatchFloorUs: floor.usPerEvent };
  } finally {
    await withTimeout(tab.close(), 10000, `closing the ${engine.name} tab`).catch(() => {});
  }
}

/** { engines: [{ engine, version, impls }], cells (each with its engine), agreement } */
export async function browserSection(config, list, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  const server = await startChild(new URL('./stream-server.js', import.meta.url), {
    args: [String(config.scale)],
    name: 'stream server',
  });
  const origin = `http://127.0.0.1:${server.ready.port}`;
  const out = { engines: [], cells: [], agreement: [] };
  try {
    for (const name of config.engines) {
      checkDeadline(deadline, `browser ${name}`);
      const engine = await launchEngine(name);
      try {
        const result = await inEngine(engine, origin, list, config, deadline);
        out.engines.push({
          engine: name,
          version: result.version,
          impls: result.impls,
          dispatchFloorUs: result.dispatchFloorUs,
        });
        out.cells.push(...result.cells);
        out.agreement.push(...result.agreement);
      } finally {
        await engine.close();
      }
    }
    return out;
  } finally {
    server.stop();
  }
}
