// The bundlers a web app is built with in tests/js/bundlers.test.js: pinned in tests/bundlers/package.json
// and installed into build/bundlers/ the first time they are asked for (about 40 s and 240 MB).
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { installPinned } from './pinned-packages.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));

let installing = null;

/** Resolves to the directory whose node_modules holds the bundlers, installing them first if needed. */
export function bundlersDir() {
  installing ??= installPinned(join(root, 'tests/bundlers/package.json'), join(root, 'build/bundlers'), [
    'node_modules',
  ]);
  return installing;
}
