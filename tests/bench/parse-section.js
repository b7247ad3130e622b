// Section 1, the parsers: bytes in to JS event strings out, in child processes of their own (parse-runner.js):
// ours with the Wasm core against the peers in one, ours with the JS core against eventsource-parser in the
// other (one core per process, as in an application).
import { startChild } from './children.js';
import { OURS_JS_CORE } from './ratios.js';

async function runParsers(config, timeoutMs, core) {
  const runner = await startChild(new URL('./parse-runner.js', import.meta.url), {
    flags: ['--expose-gc'],
    name: `parse runner (${core} core)`,
  });
  try {
    return await runner.request({ cmd: 'run', scale: config.scale, rounds: config.rounds, core }, timeoutMs);
  } finally {
    runner.stop();
  }
}

/**
 * { cells, agreement }: each cell's results by implementation, and `jsCore`, the JS core's run of the same
 * cell ({ results } with eventsource-parser timed beside it, which its ratios use).
 */
export async function parseSection(config, timeoutMs) {
  const started = Date.now();
  const wasm = await runParsers(config, timeoutMs * 0.6, 'wasm');
  const js = await runParsers(config, Math.max(1000, timeoutMs - (Date.now() - started)), 'js');
  for (const cell of wasm.cells) {
    const twin = js.cells.find((c) => c.workload === cell.workload && c.chunking === cell.chunking);
    if (twin === undefined) continue;
    cell.jsCore = { results: twin.results };
    cell.failures = { ...twin.failures, ...cell.failures };
    if (twin.results[OURS_JS_CORE]) cell.results[OURS_JS_CORE] = twin.results[OURS_JS_CORE];
  }
  return { cells: wasm.cells, agreement: [...wasm.agreement, ...js.agreement] };
}
