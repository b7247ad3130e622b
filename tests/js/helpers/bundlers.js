// The bundlers a web app is built with in tests/js/bundlers.test.js: pinned in tests/bundlers/package.json
// and installed into build/bundlers/ the first time they are asked for (about 40 s and 240 MB).
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const prefix = join(root, 'build/bundlers');
const manifest = join(root, 'tests/bundlers/package.json');

let installing = null;

/** Resolves to the directory whose node_modules holds the bundlers, installing them first if needed. */
export function bundlersDir() {
  installing ??= install();
  return installing;
}

// Installed already when build/bundlers/package.json is the same as the pinned one (npm left it there).
async function install() {
  const installed = join(prefix, 'package.json');
  const current = existsSync(installed) && existsSync(join(prefix, 'node_modules'))
    && readFileSync(installed, 'utf8') === readFileSync(manifest, 'utf8');
  if (current) return prefix;
  mkdirSync(prefix, { recursive: true });
  copyFileSync(manifest, installed);
  await new Promise((resolve, reject) => {
    execFile('npm', ['install', '--no-audit', '--no-fund', '--no-package-lock'], { cwd: prefix, timeout: 300000 }, (error, stdout, stderr) =>
      error ? reject(new Error(`npm install of the bundlers failed: ${error.message}\n${stderr}`)) : resolve());
  });
  return prefix;
}
