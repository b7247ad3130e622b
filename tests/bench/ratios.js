// The headline ratios read off a run, all oriented the same way: above 1, eventsource-wasm is better.
//
// Speed: our events/s (or MiB/s) ÷ theirs. Cost (CPU per event, memory per connection, bytes): theirs ÷
// ours. Shared by the Markdown summary and the SVG chart, so the two never disagree.
import { geomean } from './stats.js';

export const OURS = 'eventsource-wasm';
/** Ours with the core compiled to JavaScript (tests/bench/parsers.js), in the parser section. */
export const OURS_JS_CORE = 'eventsource-wasm (JS core)';
/** Ours with transport 'http2' (every source a stream of one h2c session), in the Node and idle sections. */
export const OURS_HTTP2 = 'eventsource-wasm (http2)';

// detail: a figure the chart shows but the Markdown summary leaves to its section's table.
function ratio(section, label, value, meaning, detail = false) {
  return Number.isFinite(value) && value > 0 ? [{ section, label, value, meaning, detail }] : [];
}

/** The 14 chunked cells of the parser section (not the one-event-per-chunk one). */
export function chunkedCells(parse) {
  return parse.cells.filter((c) => c.chunking !== 'one event per chunk');
}

/** Our parse speed (`ours`: OURS or OURS_JS_CORE) as a multiple of `peer`'s in one cell (times are medians of the same bytes), or undefined. */
export function parseRatio(cell, peer, which = OURS) {
  const ours = cell.results[which];
  // The JS core was timed in a process of its own, against the peer timed beside it there.
  const theirs = which === OURS_JS_CORE ? cell.jsCore?.results[peer] : cell.results[peer];
  return ours && theirs ? theirs.ms / ours.ms : undefined;
}

/** The geometric mean of parseRatio over the cells where both were timed: { value, cells }. */
export function parseGeomean(parse, peer, ours = OURS) {
  const values = chunkedCells(parse)
    .map((c) => parseRatio(c, peer, ours))
    .filter((v) => v !== undefined);
  return { value: geomean(values), cells: values.length };
}

function parseRatios(parse) {
  const out = [];
  for (const peer of ['eventsource-parser', 'undici']) {
    const { value, cells } = parseGeomean(parse, peer);
    out.push(...ratio('parser', `geomean of ${cells} cells vs ${peer}`, value, 'parse speed ×'));
  }
  const single = parse.cells.find((c) => c.chunking === 'one event per chunk');
  for (const peer of ['eventsource-parser', 'undici'])
    out.push(...ratio('parser', `one event per chunk vs ${peer}`, single && parseRatio(single, peer), 'parse speed ×'));
  // The JS core (where WebAssembly is refused) against the JavaScript parser.
  const js = parseGeomean(parse, 'eventsource-parser', OURS_JS_CORE);
  out.push(
    ...ratio('parser', `JS core: geomean of ${js.cells} cells vs eventsource-parser`, js.value, 'parse speed ×'),
  );
  out.push(
    ...ratio(
      'parser',
      'JS core: one event per chunk vs eventsource-parser',
      single && parseRatio(single, 'eventsource-parser', OURS_JS_CORE),
      'parse speed ×',
    ),
  );
  for (const cell of chunkedCells(parse))
    out.push(
      ...ratio(
        'parser',
        `${cell.workload} @ ${cell.chunking} vs eventsource-parser`,
        parseRatio(cell, 'eventsource-parser'),
        'parse speed ×',
        true,
      ),
    );
  return out;
}

// events/s and CPU per event of ours against each peer in every cell: the Node and browser sections.
function throughputRatios(section, cells, peers, cpuField, cpuWhat, prefix) {
  const out = [];
  for (const cell of cells) {
    const ours = cell.results[OURS];
    for (const peer of peers) {
      const theirs = cell.results[peer];
      if (!ours || !theirs) continue;
      // A paced cell's events/s is the pace the server sets, the same for every client: no ratio of it.
      if (cell.mode !== 'paced')
        out.push(
          ...ratio(section, `${prefix(cell)} vs ${peer}: events/s`, ours.eventsPerS / theirs.eventsPerS, 'events/s ×'),
        );
      out.push(
        ...ratio(section, `${prefix(cell)} vs ${peer}: ${cpuWhat}`, theirs[cpuField] / ours[cpuField], 'CPU advantage'),
      );
    }
  }
  return out;
}

function e2eRatios(e2e) {
  const out = throughputRatios(
    'node',
    e2e.cells,
    ['eventsource', 'undici'],
    'cpuUsPerEvent',
    'CPU/event',
    (cell) => `${cell.workload} ${cell.mode}`,
  );
  // HTTP/2 against HTTP/1.1, both ours: above 1, a stream of a shared session costs less than a connection.
  for (const cell of e2e.cells) {
    const [h1, h2] = [cell.results[OURS], cell.results[OURS_HTTP2]];
    if (h1 && h2)
      out.push(
        ...ratio(
          'node',
          `${cell.workload} ${cell.mode}: HTTP/2 vs HTTP/1.1 CPU/event`,
          h1.cpuUsPerEvent / h2.cpuUsPerEvent,
          'CPU advantage',
        ),
      );
  }
  return out;
}

function idleRatios(idle) {
  const out = [];
  for (const h2 of idle.rows.filter((r) => r.name === OURS_HTTP2 && r.rss)) {
    const h1 = idle.rows.find((r) => r.name === OURS && r.count === h2.count && r.rss);
    if (h1)
      out.push(
        ...ratio('idle', `${h2.count} idle: HTTP/2 vs HTTP/1.1 RSS/connection`, h1.rss / h2.rss, 'memory advantage'),
      );
  }
  for (const ours of idle.rows.filter((r) => r.name === OURS && r.rss)) {
    const theirs = idle.rows.find((r) => r.name === 'eventsource' && r.count === ours.count && r.rss);
    if (theirs)
      out.push(
        ...ratio(
          'idle',
          `${ours.count} idle vs eventsource: RSS/connection`,
          theirs.rss / ours.rss,
          'memory advantage',
        ),
      );
  }
  return out;
}

function sizeRatios(sizes) {
  const script = sizes.shipped.find((s) => s.file === 'dist/eventsource-wasm.js');
  if (!script) return [];
  return ['eventsource', 'event-source-polyfill'].flatMap((peer) => {
    const theirs = sizes.bundles.find((b) => b.name === peer);
    return theirs
      ? ratio('size', `dist/eventsource-wasm.js vs ${peer}: gzip`, theirs.gzip / script.gzip, 'size advantage')
      : [];
  });
}

function browserRatios(browser) {
  return throughputRatios(
    'browser',
    browser.cells,
    ['native', 'event-source-polyfill'],
    'cpuUsPerEvent',
    'main-thread CPU/event',
    (cell) => `${cell.engine} ${cell.workload}${cell.mode === 'paced' ? ' paced' : ''}`,
  );
}

/** [{ section, label, value, meaning }] for every section that produced results. */
export function headlineRatios(results) {
  const sections = [
    ['parse', parseRatios],
    ['e2e', e2eRatios],
    ['idle', idleRatios],
    ['sizes', sizeRatios],
    ['browser', browserRatios],
  ];
  return sections.flatMap(([key, of]) => (results[key] && !results[key].error ? of(results[key]) : []));
}
