// Section 5, the browser: events/s and main-thread CPU per event in headless Chromium, polyfill vs native EventSource.
//
// The page (stream-server.js /bench/page.html, script browser-page.js) runs one implementation at a
// time over a fast loopback stream: the browser's own EventSource, eventsource-wasm's script-tag build
// (EventSourceWasm.EventSource, used directly, never installed over the native one) and, as a third
// column, event-source-polyfill. Main-thread CPU: the delta of the renderer main thread's TaskDuration
// (every task it ran: network data delivery, parsing, event dispatch, our Wasm, GC) and ScriptDuration
// (the JS part of it) from CDP Performance.getMetrics, with timeDomain 'threadTicks' so both are
// thread CPU time rather than wall time. The network service runs in its own process for every
// implementation alike and is not counted.
import { chromium } from 'playwright-core';
import { agreeing, failedRun, judge } from './agreement.js';
import { checkDeadline, startChild, withTimeout } from './children.js';
import { interleavedRounds, median } from './stats.js';
import { CHROMIUM, LAUNCH_ARGS } from '../js/helpers/chromium.js';

export const BROWSER_WORKLOADS = ['tiny', 'small-typed'];
const RUN_TIMEOUT_MS = 60000;

async function metrics(cdp) {
  const { metrics: list } = await cdp.send('Performance.getMetrics');
  const byName = Object.fromEntries(list.map((m) => [m.name, m.value]));
  return { task: byName.TaskDuration, script: byName.ScriptDuration };
}

function runner(page, cdp, origin) {
  return async (impl, workload, digest) => {
    const request = {
      impl,
      url: `${origin}/stream/${workload.key}?mode=fast`,
      expected: workload.events.length,
      types: workload.types,
      digest,
      timeoutMs: RUN_TIMEOUT_MS,
    };
    const before = await metrics(cdp);
    const result = await withTimeout(
      page.evaluate((r) => window.benchRun(r), request),
      RUN_TIMEOUT_MS + 5000,
      `browser ${impl}`,
    );
    const after = await metrics(cdp);
    return { ...result, taskS: after.task - before.task, scriptS: after.script - before.script };
  };
}

async function checkAgreement(run, impls, list, deadline) {
  const verdicts = [];
  for (const workload of list) {
    checkDeadline(deadline, 'browser agreement');
    for (const impl of impls) {
      verdicts.push(
        await run(impl, workload, true).then(
          (got) => judge(impl, workload, got, 'browser', 'fast'),
          (error) => failedRun(impl, workload, 'browser', 'fast', error),
        ),
      );
    }
  }
  return verdicts;
}

async function measureCell(run, impls, workload, rounds) {
  const { samples, failures } = await interleavedRounds(
    impls.map((name) => ({ name })),
    rounds,
    ({ name }) => run(name, workload, false),
  );
  const n = workload.events.length;
  const results = {};
  for (const [name, runs] of Object.entries(samples)) {
    const ms = median(runs.map((s) => s.ms));
    results[name] = {
      ms,
      eventsPerS: n / (ms / 1000),
      taskUsPerEvent: (median(runs.map((s) => s.taskS)) * 1e6) / n,
      scriptUsPerEvent: (median(runs.map((s) => s.scriptS)) * 1e6) / n,
      samples: runs.map(({ ms: m, taskS, scriptS }) => ({ ms: m, taskS, scriptS })),
    };
  }
  return { workload: workload.key, title: workload.title, events: n, results, failures };
}

async function inPage(browser, origin, list, rounds, deadline) {
  const page = await browser.newPage();
  await page.goto(`${origin}/bench/page.html`);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
  const impls = await page.evaluate(() => window.benchAvailable());
  const run = runner(page, cdp, origin);
  const agreement = await checkAgreement(run, impls, list, deadline);
  const cells = [];
  for (const workload of list.filter((w) => BROWSER_WORKLOADS.includes(w.key))) {
    const agreed = agreeing(agreement, workload.key);
    checkDeadline(deadline, 'browser timing');
    cells.push(
      await measureCell(
        run,
        impls.filter((impl) => agreed.has(impl)),
        workload,
        rounds,
      ),
    );
  }
  return { chromium: browser.version(), impls, cells, agreement };
}

/** { chromium, impls, cells, agreement } */
export async function browserSection(config, list, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  const server = await startChild(new URL('./stream-server.js', import.meta.url), {
    args: [String(config.scale)],
    name: 'stream server',
  });
  let browser;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS, timeout: 30000 });
    return await inPage(browser, `http://127.0.0.1:${server.ready.port}`, list, config.rounds, deadline);
  } finally {
    await withTimeout(browser?.close() ?? Promise.resolve(), 10000, 'closing Chromium').catch(() => {});
    server.stop();
  }
}
