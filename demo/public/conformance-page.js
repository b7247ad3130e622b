// The conformance page: runs every corpus case against the native EventSource and the polyfill and
// shows one row per case. Results are also left on window.conformanceResults for the tests.
import { EventSource as PolyfillEventSource } from '/js/index.js';
// The legacy entry gives the polyfill's EventSource the 2006 dialect too, for the legacy cases (without
// it, EventSource fails application/x-dom-event-stream responses, as the standard says).
import '/js/legacy.js';
import { normalizeCase } from '/fixtures/stream-case.js';
import { renderNavigation, streamUrl } from '/connection-panel.js';

const SETS = [
  { set: 'standard', file: 'stream-cases.json', title: 'Standard: text/event-stream (WHATWG HTML §9.2.5–9.2.6)' },
  { set: 'legacy', file: 'legacy-stream-cases.json', title: 'Legacy: application/x-dom-event-stream (Opera 9, 2006)' },
];
const SPEC = 'https://html.spec.whatwg.org/multipage/server-sent-events.html';
const SECTION_LINKS = { '9.2.5': `${SPEC}#parsing-an-event-stream`, '9.2.6': `${SPEC}#event-stream-interpretation` };
const CASE_TIMEOUT_MS = 5000;
const PARALLEL_CASES = 3; // two connections each at most: under the browser's six per host

const implementations = [
  { name: 'native', EventSource: window.EventSource },
  { name: 'polyfill', EventSource: PolyfillEventSource },
];

renderNavigation();
window.conformanceResults = { done: false, rows: [] };
await run();

async function run() {
  const sets = await Promise.all(SETS.map(loadSet));
  const jobs = sets.flatMap(({ set, cases, rows }) => cases.map((c, index) => ({ set, c, index, row: rows[index] })));
  const queue = [...jobs];
  await Promise.all(
    Array.from({ length: PARALLEL_CASES }, async () => {
      for (let job = queue.shift(); job !== undefined; job = queue.shift()) await runJob(job);
    }),
  );
  window.conformanceResults.done = true;
}

async function loadSet({ set, file, title }) {
  const raw = await (await fetch(`/fixtures/${file}`)).json();
  const cases = raw.map((c) => normalizeCase(c, set));
  const section = document.createElement('section');
  section.innerHTML = `<h2></h2><table><thead><tr><th>case: what it checks</th><th>section</th>
    <th>native</th><th>polyfill</th></tr></thead><tbody></tbody></table>`;
  section.querySelector('h2').textContent = `${title}: ${cases.length} cases`;
  const rows = cases.map((c) => section.querySelector('tbody').appendChild(renderRow(c)));
  document.getElementById('sets').append(section);
  return { set, cases, rows };
}

function renderRow(c) {
  const row = document.createElement('tr');
  row.innerHTML =
    '<td class="name"></td><td class="section"></td><td class="result running">…</td><td class="result running">…</td>';
  row.querySelector('.name').textContent = c.name;
  const section = row.querySelector('.section');
  if (SECTION_LINKS[c.section]) {
    const link = Object.assign(document.createElement('a'), {
      href: SECTION_LINKS[c.section],
      textContent: `§${c.section}`,
    });
    section.append(link);
  } else {
    section.textContent = c.section;
  }
  if (c.wpt)
    section.append(Object.assign(document.createElement('div'), { className: 'muted', textContent: `WPT ${c.wpt}` }));
  return row;
}

async function runJob({ set, c, index, row }) {
  const results = {};
  for (const [column, { name, EventSource }] of implementations.entries()) {
    const result = await runCase(EventSource, set, index, c, name === 'polyfill');
    results[name] = result.status;
    showResult(row.querySelectorAll('.result')[column], result);
  }
  window.conformanceResults.rows.push({ set, index, name: c.name, ...results });
  showTotals();
}

/** Streams case `index` of `set` to a new EventSource and compares what it dispatches with the case. */
function runCase(EventSource, set, index, c, polyfill) {
  if (!polyfill && set === 'legacy') return { status: 'n/a', detail: 'no native support for the 2006 format' };
  if (!polyfill && (c.limits !== null || c.error !== null)) return { status: 'n/a', detail: 'limits are an extension' };
  const init = polyfill ? { ...(c.limits ?? {}), ...(set === 'legacy' ? { legacy: c.legacy } : {}) } : {};
  return new Promise((resolve) => {
    const source = new EventSource(streamUrl(`/conformance/stream?set=${set}&case=${index}`), init);
    const got = [];
    const types = new Set(['message', ...c.events.map((e) => e.type)]);
    // Streams may name message events `open` or `error`: those are MessageEvents, the connection's are not.
    for (const type of types) {
      source.addEventListener(type, (e) => {
        if (e instanceof MessageEvent) got.push({ type: e.type, data: e.data, lastEventId: e.lastEventId });
      });
    }
    const finish = (ending) => {
      clearTimeout(timer);
      source.close();
      resolve(compare(c, got, ending));
    };
    // The response ends after the case's bytes: a conforming source then reconnects (CONNECTING);
    // a case that breaks a limit makes the polyfill fail the connection (CLOSED, with the error code).
    source.addEventListener('error', (e) => {
      if (!(e instanceof MessageEvent)) finish({ readyState: source.readyState, code: e.code });
    });
    const timer = setTimeout(() => finish({ readyState: source.readyState, code: 'timed out' }), CASE_TIMEOUT_MS);
  });
}

function compare(c, got, ending) {
  const expected = c.events.map(({ type, data, lastEventId }) => ({ type, data, lastEventId }));
  const expectedEnding = c.error === null ? { readyState: 0, code: undefined } : { readyState: 2, code: c.error };
  const eventsMatch = JSON.stringify(got) === JSON.stringify(expected);
  const endingMatches =
    ending.readyState === expectedEnding.readyState && (c.error === null || ending.code === c.error);
  if (eventsMatch && endingMatches) return { status: 'pass' };
  return {
    status: 'fail',
    detail: `expected ${JSON.stringify(expected)} then ${JSON.stringify(expectedEnding)}\ngot ${JSON.stringify(got)} then ${JSON.stringify(ending)}`,
  };
}

function showResult(cell, { status, detail }) {
  cell.className = `result ${status === 'n/a' ? 'na' : status}`;
  cell.textContent = status;
  if (detail) {
    const details = document.createElement('details');
    details.append(Object.assign(document.createElement('summary'), { textContent: 'why' }));
    details.append(Object.assign(document.createElement('pre'), { textContent: detail }));
    cell.append(details);
  }
}

function showTotals() {
  const { rows } = window.conformanceResults;
  const count = (name, status) => rows.filter((r) => r[name] === status).length;
  const totals = document.getElementById('totals');
  totals.replaceChildren();
  for (const { name } of implementations) {
    const block = document.createElement('div');
    block.innerHTML = `${name}: <strong></strong> pass · <span class="fail"></span> fail · <span class="na"></span> n/a`;
    block.querySelector('strong').textContent = count(name, 'pass');
    block.querySelector('.fail').textContent = count(name, 'fail');
    block.querySelector('.na').textContent = count(name, 'n/a');
    totals.append(block);
  }
  totals.append(
    Object.assign(document.createElement('div'), { className: 'muted', textContent: `${rows.length} cases run` }),
  );
}
