// Section 1, the parsers: bytes in to JS event strings out, in a child process of its own (parse-runner.js).
import { startChild } from './children.js';

/** { cells, agreement } from parse-runner.js. */
export async function parseSection(config, timeoutMs) {
  const runner = await startChild(new URL('./parse-runner.js', import.meta.url), {
    flags: ['--expose-gc'],
    name: 'parse runner',
  });
  try {
    return await runner.request({ cmd: 'run', scale: config.scale, rounds: config.rounds }, timeoutMs);
  } finally {
    runner.stop();
  }
}
