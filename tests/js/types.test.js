// The TypeScript declarations: an example written for lib.dom's EventSource type-checks with tsc,
// and its @ts-expect-error lines prove misuse is rejected (tsc fails if any of them compiles).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));

describe('TypeScript declarations', function () {
  this.timeout(60000);

  it('type-check the example against lib.dom with tsc --noEmit, rejecting misuse', async () => {
    const { code, output } = await new Promise((resolve) => {
      execFile('node', ['node_modules/typescript/bin/tsc', '-p', 'tests/types'], { cwd: root }, (error, stdout, stderr) => {
        resolve({ code: error ? error.code : 0, output: stdout + stderr });
      });
    });
    assert.equal(code, 0, output);
  });
});
