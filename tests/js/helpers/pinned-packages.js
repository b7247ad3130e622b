// Packages the tests and the bench use but the project does not depend on (bundlers, other runtimes, the
// bench's peers): pinned in a package.json under tests/, installed with npm into a directory under build/
// on first use, and again when the pins change (npm leaves the copied package.json there to compare).
import { execFile, execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const NPM_INSTALL = ['install', '--no-audit', '--no-fund', '--no-package-lock', '--loglevel=error'];
const INSTALL_TIMEOUT_MS = 300000;

/**
 * Where `manifest` (a package.json) is installed, `prefix`, and what must exist there once it is
 * (`provides`: paths under prefix): whether it is installed as pinned, and what to run if it is not.
 */
function plan(manifest, prefix, provides) {
  const installed = join(prefix, 'package.json');
  const current =
    existsSync(installed) &&
    readFileSync(installed, 'utf8') === readFileSync(manifest, 'utf8') &&
    provides.every((path) => existsSync(join(prefix, path)));
  return {
    current,
    start() {
      mkdirSync(prefix, { recursive: true });
      copyFileSync(manifest, installed);
    },
  };
}

/** Installs `manifest`'s pins into `prefix` unless they are there; resolves to prefix. */
export async function installPinned(manifest, prefix, provides) {
  const { current, start } = plan(manifest, prefix, provides);
  if (current) return prefix;
  start();
  await new Promise((resolve, reject) => {
    execFile('npm', NPM_INSTALL, { cwd: prefix, timeout: INSTALL_TIMEOUT_MS }, (error, stdout, stderr) =>
      error ? reject(new Error(`npm install of ${manifest} failed: ${error.message}\n${stderr}`)) : resolve(),
    );
  });
  return prefix;
}

/** installPinned, blocking: for a module that needs the packages while it loads (tests/bench/peers.js). */
export function installPinnedSync(manifest, prefix, provides) {
  const { current, start } = plan(manifest, prefix, provides);
  if (current) return prefix;
  start();
  execFileSync('npm', NPM_INSTALL, {
    cwd: prefix,
    stdio: ['ignore', 'ignore', 'inherit'],
    timeout: INSTALL_TIMEOUT_MS,
  });
  return prefix;
}
