// Serves the demo pages (demo/public), the package (js/, dist/) and the shared fixture corpus.
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { send } from './http-util.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
// The conformance page reads the very files the test suites read, not a copy.
const DIRS = { '/js/': 'js', '/dist/': 'dist', '/fixtures/': 'tests/fixtures', '/': 'demo/public' };
const MIME_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.png': 'image/png',
  '.wasm': 'application/wasm', // the cores js/core-module.js fetches (dist/sse-core*.wasm)
};

export async function serveStatic(pathname, res) {
  const prefix = Object.keys(DIRS).find((p) => pathname.startsWith(p));
  const relative = normalize(decodeURIComponent(pathname.slice(prefix.length)) || 'index.html');
  if (relative.startsWith('..') || relative.includes(`${sep}..`)) return send(res, 404, 'text/plain', 'not found\n');
  const type = MIME_TYPES[extname(relative)];
  if (type === undefined) return send(res, 404, 'text/plain', 'not found\n');
  try {
    return send(res, 200, type, await readFile(join(ROOT, DIRS[prefix], relative)));
  } catch {
    return send(res, 404, 'text/plain', 'not found\n');
  }
}
