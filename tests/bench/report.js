// The Markdown report of a run: one table per section, the headline ratios, agreement and what was not measured.
import { OURS, OURS_JS_CORE, chunkedCells, headlineRatios, parseGeomean, parseRatio } from './ratios.js';

const MiB = 1024 * 1024;

// The first `textColumns` columns are left-aligned, the figures after them right-aligned.
function table(headers, rows, textColumns = 1) {
  const line = (cells) => `| ${cells.join(' | ')} |`;
  const align = headers.map((h, i) => (i < textColumns ? '---' : '---:'));
  return [line(headers), line(align), ...rows.map(line)].join('\n');
}

const fixed = (value, digits = 1) =>
  value === undefined || value === null || !Number.isFinite(value) ? '–' : value.toFixed(digits);
const times = (value) => (value === undefined || value === null ? '–' : `${value.toFixed(2)}×`);
const count = (value) => (Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : '–');
const kib = (bytes, digits = 1) => (bytes === null || bytes === undefined ? '–' : (bytes / 1024).toFixed(digits));

function parseSectionMd(parse) {
  const peers = ['eventsource-parser', 'undici'];
  const impls = [OURS, OURS_JS_CORE, ...peers];
  const row = (c) => [
    c.title,
    c.chunking,
    fixed(c.bytes / MiB),
    count(c.events),
    ...impls.map((name) => (c.results[name] ? fixed(c.bytes / MiB / (c.results[name].ms / 1000), 0) : 'not timed')),
    ...peers.map((peer) => times(parseRatio(c, peer))),
    times(parseRatio(c, 'eventsource-parser', OURS_JS_CORE)),
  ];
  const geomeans = [
    ...peers.map((peer) => parseGeomean(parse, peer)),
    parseGeomean(parse, 'eventsource-parser', OURS_JS_CORE),
  ];
  const rows = [
    ...chunkedCells(parse).map(row),
    [
      `**geomean of ${geomeans[0].cells} cells**`,
      '',
      '',
      '',
      '',
      '',
      '',
      '',
      ...geomeans.map((g) => `**${times(g.value)}**`),
    ],
    ...parse.cells.filter((c) => c.chunking === 'one event per chunk').map(row),
  ];
  return [
    "## 1. Parser: bytes in, JS event strings out (MiB/s; × = eventsource-wasm's speed as a multiple of the peer's; the JS core is the same C++ compiled to JavaScript, for where WebAssembly is refused)",
    '',
    table(
      [
        'workload',
        'chunks',
        'MiB',
        'events',
        ...impls.map((n) => `${n} MiB/s`),
        ...peers.map((p) => `× vs ${p}`),
        '× JS core vs eventsource-parser',
      ],
      rows,
      2,
    ),
  ].join('\n');
}

function e2eSectionMd(e2e) {
  const clients = [...new Set(e2e.cells.flatMap((c) => Object.keys(c.results)))];
  const raw = e2e.cells.flatMap((c) =>
    clients
      .filter((n) => c.results[n])
      .map((n) => [c.title, c.mode, n, count(c.results[n].eventsPerS), fixed(c.results[n].cpuUsPerEvent, 2)]),
  );
  const ours = clients.filter((n) => n.startsWith(OURS));
  const ratioRows = e2e.cells.flatMap((c) =>
    ours
      .filter((n) => c.results[n])
      .map((n) => [
        c.title,
        c.mode,
        n,
        ...['eventsource', 'undici'].flatMap((peer) => {
          const theirs = c.results[peer];
          return theirs
            ? [
                times(c.results[n].eventsPerS / theirs.eventsPerS),
                times(theirs.cpuUsPerEvent / c.results[n].cpuUsPerEvent),
              ]
            : ['–', '–'];
        }),
      ]),
  );
  return [
    `## 2. Node end to end over loopback (server in a child process; each client in its own process${e2e.node ? `, Node ${e2e.node}` : ''}, CPU = its process.cpuUsage())`,
    '',
    table(['workload', 'mode', 'client', 'events/s', 'client CPU µs/event'], raw, 3),
    '',
    'Ratios (events/s: ours ÷ theirs; CPU: their CPU/event ÷ ours; above 1, eventsource-wasm is better):',
    '',
    table(
      [
        'workload',
        'mode',
        'ours',
        'events/s vs eventsource',
        'CPU vs eventsource',
        'events/s vs undici',
        'CPU vs undici',
      ],
      ratioRows,
      3,
    ),
    ...(e2e.skipped.length > 0 ? ['', ...e2e.skipped.map((s) => `Not run: ${s.name}: ${s.reason}`)] : []),
  ].join('\n');
}

// Wasm memory only ever grows, in 64 KiB pages, when the core runs out: 0 means that every connection's
// C++ state fit in the memory the module already had.
function wasmNote(idle) {
  const ours = idle.rows.find((r) => r.before?.wasm);
  if (!ours) return [];
  return [
    '',
    `The Wasm memory was ${kib(ours.before.wasm, 0)} KiB before the connections opened; it grows only when the core needs more, so 0 means every connection's state fit in it.`,
  ];
}

function idleSectionMd(idle) {
  const rows = idle.rows.map((r) => {
    if (r.skipped || r.failed)
      return [count(r.count), r.name, r.skipped ? `skipped: ${r.skipped}` : `failed: ${r.failed}`, '', '', '', ''];
    const peer = idle.rows.find((p) => p.name === 'eventsource' && p.count === r.count && p.rss);
    return [
      count(r.count),
      r.name,
      kib(r.rss),
      kib(r.heapUsed),
      kib(r.wasm, 2),
      fixed(r.openMs / 1000, 2),
      r.name.startsWith(OURS) && peer ? times(peer.rss / r.rss) : '',
    ];
  });
  return [
    "## 3. Idle connections (KiB per connection, after gc(); Wasm = growth of the Wasm memory's byteLength ÷ N)",
    '',
    table(
      [
        'connections',
        'client',
        'RSS KiB/conn',
        'JS heap KiB/conn',
        'Wasm KiB/conn',
        'open all (s)',
        'RSS advantage vs eventsource',
      ],
      rows,
      2,
    ),
    ...wasmNote(idle),
  ].join('\n');
}

function sizesSectionMd(sizes) {
  const script = sizes.shipped.find((s) => s.file === 'dist/eventsource-wasm.js');
  const vs = (b) => (script ? times(script.gzip / b.gzip) : '–');
  const headline = script
    ? ['eventsource', 'event-source-polyfill']
        .map((peer) => {
          const b = sizes.bundles.find((x) => x.name === peer);
          return b ? `${peer} ${kib(b.gzip)} KiB (${times(script.gzip / b.gzip)})` : null;
        })
        .filter(Boolean)
        .join(', ')
    : '';
  return [
    '## 4. Sizes (bytes; gzip -9, brotli quality 11)',
    '',
    script
      ? `Headline: dist/eventsource-wasm.js (script tag, Wasm inside) is ${kib(script.gzip)} KiB gzip; as a multiple of: ${headline}.`
      : 'dist/eventsource-wasm.js is missing.',
    '',
    table(
      ['shipped file', 'raw', 'gzip', 'brotli'],
      sizes.shipped.map((s) => [s.file, count(s.raw), count(s.gzip), count(s.brotli)]),
    ),
    '',
    table(
      ['browser bundle (esbuild --bundle --minify)', 'raw', 'gzip', 'brotli', 'dist/eventsource-wasm.js gzip ÷ this'],
      sizes.bundles.map((b) => [b.name, count(b.raw), count(b.gzip), count(b.brotli), vs(b)]),
    ),
    '',
    ...breakdownMd(sizes.breakdown),
  ].join('\n');
}

// A C++ name without its parameter list and libc++'s inline namespace, for a table cell.
const shortName = (name) =>
  name
    .replace(/std::__2::/g, 'std::')
    .replace(/\(anonymous namespace\)::/g, '')
    .replace(/\(.*\)( const)?$/, '()')
    .replace(/\|/g, '\\|');
const share = (part, whole) => `${((100 * part) / whole).toFixed(1)} %`;

function breakdownMd(breakdown) {
  if (breakdown === undefined) return [];
  if (breakdown.error) return [`Where the bytes go: not measured (${breakdown.error}).`];
  const { modules, entryModules, wasm } = breakdown;
  const moduleTable = (list, rows = 14) => {
    const top = list.rows.slice(0, rows);
    const rest = list.rows.slice(rows).reduce((sum, row) => sum + row.bytes, 0);
    return table(
      ['module', 'bytes', 'share'],
      [
        ...top.map((row) => [
          `${row.module}${row.extension ? ' (extension)' : ''}`,
          count(row.bytes),
          share(row.bytes, list.total),
        ]),
        ...(rest > 0 ? [[`${list.rows.length - top.length} more`, count(rest), share(rest, list.total)]] : []),
      ],
    );
  };
  return [
    '### Where the bytes go',
    '',
    `The standard script tag's modules, minified by esbuild as build.sh bundles it (before terser; ${count(modules.total)} B in all; the Wasm is dist/sse-core-deflated.mjs, deflate-raw in base64):`,
    '',
    moduleTable(modules),
    '',
    ...(entryModules
      ? [
          `The module entry as the esbuild bundle above carries it (${count(entryModules.total)} B minified), by module; the extensions' modules (request options, retry policy, iteration, fromReadableStream, sharing) are ${count(entryModules.extensions)} B of it (${share(entryModules.extensions, entryModules.total)}), which a page that uses only the standard interface carries too:`,
          '',
          moduleTable(entryModules, 20),
          '',
        ]
      : []),
    `The standard core's Wasm: sections ${wasm.sections.map((s) => `${s.name} ${count(s.bytes)}`).join(', ')} B; the code section by owner and its largest functions (bytes of each body, built with names: bash build.sh --wasm-names):`,
    '',
    table(
      ['owner', 'functions', 'bytes', 'share of code'],
      wasm.classes.map((c) => [c.name, count(c.count), count(c.bytes), share(c.bytes, wasm.code)]),
    ),
    '',
    table(
      ['function', 'bytes', 'share of code'],
      wasm.functions.slice(0, 12).map((f) => [shortName(f.name), count(f.bytes), share(f.bytes, wasm.code)]),
    ),
  ];
}

const ENGINE_TITLES = { chromium: 'Chromium', firefox: 'Firefox', webkit: 'WebKit' };

function browserSectionMd(browser) {
  const rows = browser.cells.flatMap((c) =>
    Object.entries(c.results).map(([name, r]) => {
      const native = c.results.native;
      const ours = c.results[OURS];
      const vsNative =
        name === OURS && native
          ? `${times(ours.eventsPerS / native.eventsPerS)} / ${times(ours.cpuUsPerEvent / native.cpuUsPerEvent)}`
          : '';
      return [ENGINE_TITLES[c.engine], c.title, c.mode, name, count(r.eventsPerS), fixed(r.cpuUsPerEvent, 2), vsNative];
    }),
  );
  return [
    `## 5. Browser: ${browser.engines.map((e) => e.version).join(', ')}`,
    '',
    table(
      [
        'engine',
        'workload',
        'stream',
        'implementation',
        'events/s',
        'main-thread CPU µs/event',
        'eventsource-wasm vs native: events/s × / CPU (target ≤ 0.5)',
      ],
      rows,
      4,
    ),
    '',
    "What `new MessageEvent(...)` and `dispatchEvent` to one listener cost script in a loop on a fresh page, µs per event (what any polyfill that keeps the standard's events pays per event at least, where the loop measures it as a stream would): " +
      browser.engines.map((e) => `${ENGINE_TITLES[e.engine]} ${fixed(e.dispatchFloorUs, 2)}`).join(', ') +
      '. In Chromium the loop costs more than a whole event of ours in a stream: its garbage collection works harder in a tight loop.',
    '',
    "Streams: fast, as fast as loopback goes in 64 KiB writes; paced, one event per write at the Node section's rate. Main-thread CPU: the on-CPU time (Linux's schedstat) of the main threads of the engine's page processes " +
      '(Chromium renderers, Firefox content processes, WebKitWebProcess) over each run; the network stack runs elsewhere for every implementation alike.',
  ].join('\n');
}

function agreementMd(results) {
  const verdicts = ['parse', 'e2e', 'browser'].flatMap((k) => results[k]?.agreement ?? []);
  const others = verdicts.filter((v) => v.status !== 'ok');
  const notes = verdicts.filter((v) => v.note);
  const lines = [
    `## 6. Agreement (SHA-256 of every event's type, data and lastEventId, in order, against the workload's own events)`,
    '',
  ];
  lines.push(
    `${verdicts.length - others.length} of ${verdicts.length} checks agree (parsers at every chunking, Node and browser clients on every workload).`,
  );
  for (const v of others) lines.push(`- ${v.status}: ${v.impl} on ${v.workload} (${v.where} ${v.detail}): ${v.reason}`);
  for (const v of notes) lines.push(`- note: ${v.impl} on ${v.workload} (${v.where}): ${v.note}`);
  return lines.join('\n');
}

function headlineMd(results) {
  const rows = headlineRatios(results)
    .filter((r) => !r.detail)
    .map((r) => [r.section, r.label, r.meaning, times(r.value)]);
  return [
    '## Headline ratios (above 1: eventsource-wasm is better; build/bench.svg charts these and every parser cell)',
    '',
    table(['section', 'comparison', 'what', 'ratio'], rows, 3),
  ].join('\n');
}

const SECTION_MD = {
  parse: parseSectionMd,
  e2e: e2eSectionMd,
  idle: idleSectionMd,
  sizes: sizesSectionMd,
  browser: browserSectionMd,
};

/** The whole report. */
export function markdownReport(results) {
  const { meta } = results;
  const parts = [
    `# eventsource-wasm benchmarks${meta.quick ? ' (BENCH_QUICK: tiny sizes, figures meaningless)' : ''}`,
    '',
    `Node ${meta.node}, ${meta.cpus} CPUs, ${meta.rounds} timed round(s) after one warm-up, medians, implementations interleaved; ` +
      `peers: ${Object.entries(meta.peers)
        .map(([n, v]) => `${n} ${v}`)
        .join(', ')}; ${meta.date}; took ${fixed(meta.wallS, 0)} s.`,
  ];
  for (const [key, toMd] of Object.entries(SECTION_MD)) {
    if (!results[key]) continue;
    parts.push('', results[key].error ? `## ${key}: not measured\n\n${results[key].error}` : toMd(results[key]));
  }
  parts.push('', agreementMd(results), '', headlineMd(results));
  if (results.failures.length > 0) parts.push('', '## Failures', '', ...results.failures.map((f) => `- ${f}`));
  return `${parts.join('\n')}\n`;
}
