// Deno and Bun for the tests that run code in them: the npm packages `deno` and `bun`, pinned in
// tests/runtimes/package.json and installed into build/runtimes/ the first time one is asked for.
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const prefix = join(root, 'build/runtimes');

let installing = null;

/** Resolves to { deno, bun }: the paths of the two binaries, installing them first if needed. */
export function otherRuntimes() {
  installing ??= install();
  return installing;
}

async function install() {
  const binaries = { deno: join(prefix, 'node_modules/.bin/deno'), bun: join(prefix, 'node_modules/.bin/bun') };
  if (existsSync(binaries.deno) && existsSync(binaries.bun)) return binaries;
  mkdirSync(prefix, { recursive: true });
  copyFileSync(join(root, 'tests/runtimes/package.json'), join(prefix, 'package.json'));
  await new Promise((resolve, reject) => {
    execFile('npm', ['install', '--no-audit', '--no-fund', '--no-package-lock'], { cwd: prefix, timeout: 240000 }, (error, stdout, stderr) =>
      error ? reject(new Error(`npm install of deno and bun failed: ${error.message}\n${stderr}`)) : resolve());
  });
  return binaries;
}
