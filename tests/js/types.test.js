// The TypeScript declarations, checked with tsc --noEmit --strict: an example written for lib.dom's
// EventSource (its @ts-expect-error lines prove misuse is rejected: tsc fails if any compiles), a Node
// project without lib.dom, a CommonJS (.cts, module Node16) file, and every example in the README.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));

function tsc(project) {
  return new Promise((resolve) => {
    execFile('node', ['node_modules/typescript/bin/tsc', '-p', project], { cwd: root }, (error, stdout, stderr) => {
      resolve({ code: error ? error.code : 0, output: stdout + stderr });
    });
  });
}

describe('TypeScript declarations', function () {
  this.timeout(60000);

  for (const [what, project] of [
    ['an example against lib.dom, rejecting misuse', 'tests/types'],
    ['a Node project without lib.dom (lib ES2022, @types/node)', 'tests/types/node'],
    ['a CommonJS .cts file under module Node16', 'tests/types/cjs'],
  ]) {
    it(`type-check ${what}`, async () => {
      const { code, output } = await tsc(project);
      assert.equal(code, 0, output);
    });
  }

  it('type-check every <!-- example --> block of the README as written, with --strict', async () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const examples = [...readme.matchAll(/<!-- example:([\w-]+) -->\n```js\n([\s\S]*?)```/g)];
    assert.ok(examples.length >= 5, `only ${examples.length} README examples found`);
    // Inside the package, so 'eventsource-wasm' resolves to this checkout through package.json exports.
    const dir = join(root, 'build/readme-types');
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const files = examples.map(([, name, code]) => {
      writeFileSync(join(dir, `${name}.mts`), code);
      return `${name}.mts`;
    });
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          lib: ['ES2022', 'DOM', 'DOM.AsyncIterable'],
          strict: true,
          noEmit: true,
          types: ['node'],
        },
        files,
      }),
    );
    const { code, output } = await tsc('build/readme-types');
    assert.equal(code, 0, output);
  });
});
