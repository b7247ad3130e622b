// The package as `npm pack` makes it from a clean clone: the repository's files without dist/, build/ or
// node_modules/, packed by npm with its scripts (prepare builds dist/). One tarball per Mocha run, shared by
// the files that install it.
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));
// prepare runs build.sh: the Wasm core (two em++ links) and the bundles, about a minute on 2 cores.
const PACK_TIMEOUT_MS = 300000;

function run(command, args, options) {
  return new Promise((resolve, reject) => {
    execFile(command, args, { maxBuffer: 16 << 20, ...options }, (error, stdout, stderr) =>
      error
        ? reject(new Error(`${command} ${args.join(' ')}: ${error.message}\n${stdout}\n${stderr}`))
        : resolve(stdout),
    );
  });
}

/**
 * What a clone of the working tree holds: the tracked files and the new ones git does not ignore, as
 * they are on disk (so uncommitted edits are packed as they would be committed).
 */
async function sourceFiles() {
  const out = await run('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: root });
  return [...new Set(out.split('\0').filter(Boolean))].filter((path) => {
    try {
      return statSync(join(root, path)).isFile();
    } catch {
      return false; // deleted, not yet committed
    }
  });
}

/**
 * Copies the sources into a fresh directory and hard-links node_modules into it (npm would install the
 * same from the lock file; a link keeps the test offline and fast). The copy's lock file keeps the
 * original's time, so build.sh sees its dependencies installed.
 */
async function cleanCopy() {
  const copy = mkdtempSync(join(tmpdir(), 'eventsource-wasm-clone-'));
  for (const path of await sourceFiles()) {
    mkdirSync(dirname(join(copy, path)), { recursive: true });
    copyFileSync(join(root, path), join(copy, path));
  }
  await run('cp', ['-al', join(root, 'node_modules'), join(copy, 'node_modules')]);
  await run('touch', ['-r', join(root, 'node_modules/.package-lock.json'), join(copy, 'package-lock.json')]);
  return copy;
}

let packed = null;

/**
 * Packs a clean copy with `npm pack` (scripts on: prepare builds dist/) into a directory of its own;
 * resolves to { tarball (its path), files (the paths in it, without `package/`) }. Both directories are
 * removed when the process exits.
 */
export function packCleanClone() {
  packed ??= (async () => {
    const copy = await cleanCopy();
    const destination = mkdtempSync(join(tmpdir(), 'eventsource-wasm-tarball-'));
    process.once('exit', () => {
      rmSync(copy, { recursive: true, force: true });
      rmSync(destination, { recursive: true, force: true });
    });
    await run('npm', ['pack', '--pack-destination', destination], { cwd: copy, timeout: PACK_TIMEOUT_MS });
    const name = readdirSync(destination).find((file) => file.endsWith('.tgz'));
    if (!name) throw new Error(`npm pack wrote no tarball into ${destination}`);
    const tarball = join(destination, name);
    const files = (await run('tar', ['-tzf', tarball]))
      .split('\n')
      .filter(Boolean)
      .map((path) => path.replace(/^package\//, ''));
    return { tarball, files };
  })();
  return packed;
}
