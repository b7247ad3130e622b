// The speed page: the same generated stream (demo/speed.js) through the native EventSource and eventsource-wasm, in
// turn, with events/s and main-thread CPU per event shown as they are measured.
import { EventSource as PolyfillEventSource } from '/js/index.js';
import { renderNavigation } from '/connection-panel.js';

renderNavigation();

// The two cards, one template.
for (const [impl, title] of [
  ['native', 'native <code>EventSource</code>'],
  ['polyfill', 'eventsource-wasm'],
]) {
  const section = document.getElementById('card').content.firstElementChild.cloneNode(true);
  section.dataset.impl = impl;
  section.querySelector('h2').innerHTML = title;
  document.getElementById('cards').append(section);
}

const IMPLS = { native: globalThis.EventSource, polyfill: PolyfillEventSource };
const PACED_SECONDS = 2;
const RUN_TIMEOUT_MS = 60000;
const LIVE_MS = 200;

const card = (impl) => document.querySelector(`[data-impl="${impl}"]`);
const field = (impl, name) => card(impl).querySelector(`[data-field="${name}"]`);
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const format = (value, digits = 0) =>
  value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/**
 * How much of a busy page's main thread the EventSource takes: a loop of tasks (window.postMessage to itself, the quickest
 * self-posted task in all three engines; WebKit's MessageChannel takes ~0.4 ms a turn) that, whenever the
 * thread is free, takes a turn of SLICE_MS of busy work and notes how long it held the thread. Over a run, the
 * time its turns did not hold, less what a turn costs when nothing else runs (measured just before), is the
 * time the thread spent on everything else. Slices of a millisecond: the page is served cross-origin isolated
 * (demo/static-files.js), so its clock counts microseconds, and the turns' own cost is a few percent.
 * The loop is a page busy with work of its own, and that changes what it measures: the figures are not the
 * CPU time of an idle page, which the bench's paced cell measures from outside the browser (in the demo tests
 * on a 2-core machine, Firefox's native one often shows near 0).
 */
const SLICE_MS = 1;
const PROBE = 'eventsource-wasm speed probe';

class MainThreadProbe {
  #running = false;
  #turns = 0;
  #heldMs = 0;

  constructor() {
    window.addEventListener('message', (event) => {
      if (event.source !== window || event.data !== PROBE) return;
      const start = performance.now();
      let now = start;
      while (now - start < SLICE_MS) now = performance.now();
      this.#heldMs += now - start;
      this.#turns++;
      if (this.#running) window.postMessage(PROBE, location.origin);
    });
  }

  #run() {
    this.#turns = 0;
    this.#heldMs = 0;
    this.#running = true;
    window.postMessage(PROBE, location.origin);
    return performance.now();
  }

  async #stopped() {
    this.#running = false;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }

  /** Measures, over `ms`, what a turn costs besides its slice while nothing else runs. */
  async calibrate(ms = 250) {
    const start = this.#run();
    await new Promise((resolve) => setTimeout(resolve, ms));
    this.turnCostMs = (performance.now() - start - this.#heldMs) / this.#turns;
    await this.#stopped();
  }

  /** Starts counting; busyMs() is the main thread's time on other tasks since, stop() ends it. */
  start() {
    const start = this.#run();
    return {
      busyMs: () => Math.max(0, performance.now() - start - this.#heldMs - this.#turns * this.turnCostMs),
      stop: () => this.#stopped(),
    };
  }
}

/** One stream through `impl`: { events, ms, busyMs } (busyMs with a probe). Live figures go to the card. */
function runStream(impl, { kind, n, rate }, probe) {
  const Constructor = IMPLS[impl];
  const url = `/events/speed?kind=${kind}&n=${n}&rate=${rate}`;
  return new Promise((resolve, reject) => {
    let events = 0;
    let lastData = '';
    const start = performance.now();
    const counting = probe?.start();
    const source = new Constructor(url);
    const finish = (error) => {
      clearInterval(live);
      clearTimeout(timer);
      counting?.stop();
      source.close();
      if (error) return reject(error);
      // The data of event i holds "i":i: the last one must be the last one sent.
      if (!lastData.startsWith(`{"i":${n - 1},`)) return reject(new Error(`the last event was not event ${n - 1}`));
      resolve({ events, ms: performance.now() - start, busyMs: counting?.busyMs() });
    };
    const live = setInterval(() => {
      const seconds = (performance.now() - start) / 1000;
      field(impl, 'progress').style.width = `${(100 * events) / n}%`;
      if (!probe && seconds > 0) field(impl, 'status').textContent = `${format(events / seconds)} events/s so far`;
      if (probe && events > 0)
        field(impl, 'status').textContent = `${format((counting.busyMs() * 1000) / events, 2)} µs per event so far`;
    }, LIVE_MS);
    const timer = setTimeout(
      () => finish(new Error(`${events} of ${n} events in ${RUN_TIMEOUT_MS / 1000} s`)),
      RUN_TIMEOUT_MS,
    );
    const onEvent = (event) => {
      lastData = event.data;
      if (++events === n) finish();
    };
    source.addEventListener(kind === 'typed' ? 'tick' : 'message', onEvent);
    source.onerror = () => finish(new Error(`the connection failed after ${events} of ${n} events`));
  });
}

const results = { native: [], polyfill: [] };
window.speedResults = {
  done: false,
  rounds: 0,
  results,
  error: null,
  isolated: globalThis.crossOriginIsolated === true,
};

function show(impl) {
  const runs = results[impl];
  if (runs.length === 0) return null;
  const figures = {
    eventsPerS: median(runs.map((r) => r.eventsPerS)),
    cpuUsPerEvent: median(runs.map((r) => r.cpuUsPerEvent)),
  };
  field(impl, 'rate').textContent = format(figures.eventsPerS);
  field(impl, 'cpu').textContent = format(figures.cpuUsPerEvent, 2);
  return figures;
}

function verdict() {
  const native = show('native');
  const polyfill = show('polyfill');
  if (!native || !polyfill) return;
  document.getElementById('verdict').textContent =
    `eventsource-wasm: ${(polyfill.eventsPerS / native.eventsPerS).toFixed(2)}× the events/s of this browser's EventSource; ` +
    `time taken from a busy page ${format(polyfill.cpuUsPerEvent, 2)} µs per event against ${format(native.cpuUsPerEvent, 2)} ` +
    `(median of ${results.polyfill.length} round${results.polyfill.length === 1 ? '' : 's'}).`;
}

async function measure(impl, settings, probe) {
  field(impl, 'status').textContent = 'streaming as fast as it goes…';
  const fast = await runStream(impl, { kind: settings.kind, n: settings.n, rate: 0 });
  const paced = settings.rate * PACED_SECONDS;
  await probe.calibrate();
  field(impl, 'status').textContent = `streaming ${format(paced)} events at ${format(settings.rate)}/s…`;
  const steady = await runStream(impl, { kind: settings.kind, n: paced, rate: settings.rate }, probe);
  field(impl, 'status').textContent = 'done';
  return { eventsPerS: fast.events / (fast.ms / 1000), cpuUsPerEvent: (steady.busyMs * 1000) / steady.events };
}

async function run(settings) {
  const impls = Object.keys(IMPLS).filter((impl) => typeof IMPLS[impl] === 'function');
  if (!impls.includes('native')) field('native', 'status').textContent = 'this browser has no EventSource';
  const probe = new MainThreadProbe();
  for (let round = 0; round < settings.rounds; round++) {
    const order = round % 2 === 0 ? impls : [...impls].reverse();
    for (const impl of order) {
      results[impl].push(await measure(impl, settings, probe));
      verdict();
      show(impl);
    }
    window.speedResults.rounds = round + 1;
  }
}

const form = document.getElementById('controls');
form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const data = new FormData(form);
  const settings = {
    kind: data.get('kind'),
    n: Number(data.get('n')),
    rate: Number(data.get('rate')),
    rounds: Number(data.get('rounds')),
  };
  const button = document.getElementById('run');
  button.disabled = true;
  results.native.length = 0;
  results.polyfill.length = 0;
  Object.assign(window.speedResults, { done: false, rounds: 0, error: null });
  try {
    await run(settings);
  } catch (error) {
    window.speedResults.error = error.message;
    document.getElementById('verdict').innerHTML = '';
    const text = document.createElement('span');
    text.className = 'error';
    text.textContent = `The run stopped: ${error.message}`;
    document.getElementById('verdict').append(text);
  } finally {
    window.speedResults.done = true;
    button.disabled = false;
  }
});

// ?run: start at once (with the form's other settings from the query: kind, n, rate, rounds).
const query = new URL(location.href).searchParams;
for (const name of ['kind', 'n', 'rate', 'rounds']) {
  const value = query.get(name);
  const select = form.elements[name];
  if (value !== null) {
    if (![...select.options].some((o) => (o.value || o.text) === value)) select.add(new Option(value, value));
    select.value = value;
  }
}
if (query.has('run')) form.requestSubmit();
