// A hand-written SVG bar chart of the headline ratios: a log axis centred on 1.0, bars growing right when eventsource-wasm is better.
import { headlineRatios } from './ratios.js';

const ROW = 18;
const LABEL_WIDTH = 430;
const PLOT_WIDTH = 420;
const TOP = 48;
const COLORS = { parser: '#4e79a7', node: '#59a14f', idle: '#b07aa1', size: '#e15759', browser: '#f28e2b' };

const escape = (text) => String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

// The axis spans whole powers of ten around every value, at least 0.1..10, symmetric about 1.
function axisDecades(values) {
  const extreme = Math.max(1, ...values.map((v) => Math.abs(Math.log10(v))));
  return Math.ceil(extreme);
}

function axis(decades, x, height) {
  const parts = [];
  for (let d = -decades; d <= decades; d++) {
    const at = x(10 ** d);
    const label = d < 0 ? `${(10 ** d).toFixed(-d)}` : `${10 ** d}`;
    parts.push(
      `<line x1="${at}" y1="${TOP - 6}" x2="${at}" y2="${height - 20}" stroke="${d === 0 ? '#000' : '#ddd'}" stroke-width="${d === 0 ? 1.5 : 1}"/>`,
    );
    parts.push(`<text x="${at}" y="${TOP - 10}" text-anchor="middle" font-size="10">${label}×</text>`);
  }
  return parts.join('\n');
}

function bar(r, i, x) {
  const y = TOP + i * ROW;
  const from = Math.min(x(1), x(r.value));
  const width = Math.max(1, Math.abs(x(r.value) - x(1)));
  const color = COLORS[r.section] ?? '#888';
  return [
    `<text x="${LABEL_WIDTH - 6}" y="${y + 12}" text-anchor="end" font-size="11">${escape(`${r.section}: ${r.label}`)}</text>`,
    `<rect x="${from}" y="${y + 3}" width="${width}" height="${ROW - 6}" fill="${color}"><title>${escape(`${r.label}: ${r.value.toFixed(3)} (${r.meaning})`)}</title></rect>`,
    `<text x="${r.value >= 1 ? from + width + 4 : from - 4}" y="${y + 12}" text-anchor="${r.value >= 1 ? 'start' : 'end'}" font-size="10">${r.value.toFixed(2)}</text>`,
  ].join('\n');
}

/** The chart as an SVG document. */
export function svgChart(results) {
  const ratios = headlineRatios(results);
  const decades = axisDecades(ratios.map((r) => r.value));
  const height = TOP + ratios.length * ROW + 30;
  const width = LABEL_WIDTH + PLOT_WIDTH + 60;
  const x = (value) => (LABEL_WIDTH + 30 + ((Math.log10(value) + decades) / (2 * decades)) * PLOT_WIDTH).toFixed(1);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif">
<rect width="100%" height="100%" fill="#fff"/>
<text x="10" y="18" font-size="13" font-weight="bold">eventsource-wasm vs peers (log scale; right of 1.0: eventsource-wasm is faster, uses less CPU or memory, or is smaller)</text>
${axis(decades, x, height)}
${ratios.map((r, i) => bar(r, i, x)).join('\n')}
<text x="10" y="${height - 6}" font-size="10">${escape(`Node ${results.meta.node}${results.meta.e2eNode && results.meta.e2eNode !== results.meta.node ? ` (end to end: ${results.meta.e2eNode})` : ''}; ${results.meta.rounds} round(s), medians; ${results.meta.date}${results.meta.quick ? '; BENCH_QUICK (tiny sizes)' : ''}`)}</text>
</svg>
`;
}
