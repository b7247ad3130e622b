// The three browser engines of the bench behind one interface, and the CPU time of each one's page main thread.
//
// Chromium through playwright-core, Firefox ESR and WebKitGTK through tests/js/helpers/browsers.js (the
// same browsers, from Debian's packages, as the browser tests). Main-thread CPU is read the same way for
// all three, from Linux rather than from an engine's own tools (which only Chromium has): the on-CPU time
// in nanoseconds (/proc/PID/task/PID/schedstat, the scheduler's count) of the main thread of every process
// of the engine that runs pages: Chromium's renderers (--type=renderer), Firefox's content processes
// (-isForBrowser), WebKit's WebKitWebProcess. Every one of them is a descendant of this process. Network
// and browser processes are left out for every implementation alike: the network stack runs there for the
// native EventSource and for fetch.
import { readdirSync, readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { launchFirefox, launchWebKit } from '../js/helpers/browsers.js';
import { CHROMIUM, LAUNCH_ARGS, LAUNCH_TIMEOUT_MS, withTimeout } from '../js/helpers/chromium.js';

// Which descendant processes run pages, by their command line (NUL-separated arguments).
const PAGE_PROCESS = {
  chromium: (cmdline) => cmdline.includes('--type=renderer'),
  firefox: (cmdline) => cmdline.includes('-isForBrowser'),
  webkit: (cmdline) => /WebKitWebProcess/.test(cmdline.split('\0')[0]),
};

/** pid → parent pid of every process we may read. */
function parents() {
  const map = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      // The command name (field 2) is in parentheses and may hold spaces: fields after the last ')'.
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      map.set(Number(name), ppid);
    } catch {
      // gone meanwhile
    }
  }
  return map;
}

function descendantsOf(root) {
  const map = parents();
  const out = [];
  for (const pid of map.keys()) {
    for (let at = map.get(pid); at > 1; at = map.get(at)) {
      if (at === root) {
        out.push(pid);
        break;
      }
    }
  }
  return out;
}

/** The summed on-CPU nanoseconds of the main threads of this engine's page processes. */
export function pageMainThreadNs(engine) {
  let total = 0;
  for (const pid of descendantsOf(process.pid)) {
    try {
      if (!PAGE_PROCESS[engine](readFileSync(`/proc/${pid}/cmdline`, 'utf8'))) continue;
      total += Number(readFileSync(`/proc/${pid}/task/${pid}/schedstat`, 'utf8').split(' ')[0]);
    } catch {
      // a process that ended meanwhile counts no more
    }
  }
  return total;
}

async function launchChromium() {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS, timeout: LAUNCH_TIMEOUT_MS });
  return {
    name: 'chromium',
    version: `Chromium ${browser.version()}`,
    async open(url) {
      const page = await browser.newPage();
      await page.goto(url);
      return {
        evaluate: (expression) => page.evaluate(`(${expression})`),
        close: () => page.close(),
      };
    },
    close: () => withTimeout(browser.close(), 10000, 'closing Chromium').catch(() => {}),
  };
}

/** Starts one engine: { name, version, open(url) → { evaluate(expression), close() }, close() }. */
export function launchEngine(name) {
  if (name === 'chromium') return launchChromium();
  if (name === 'firefox') return launchFirefox();
  if (name === 'webkit') return launchWebKit();
  throw new Error(`unknown engine ${name}`);
}
