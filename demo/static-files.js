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
  '.svg': 'image/svg+xml',
  '.wasm': 'application/wasm', // the cores js/core/core-module.js fetches (dist/sse-core*.wasm)
};

// Pages served cross-origin isolated: their clocks (performance.now) then count in microseconds rather than the
// 0.1 to 1 ms they get otherwise, which the speed page's probe needs. Everything they load is of this origin.
const ISOLATED_PAGES = new Set(['speed.html']);
const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/** The percent-decoded path, or null when its escapes are not UTF-8 (`/%E0%A4%A`): a 400, not a throw. */
function decodePath(encoded) {
  try {
    return decodeURIComponent(encoded);
  } catch {
    return null;
  }
}

/** Answers GET or HEAD of `pathname` with the file it names: 200, 400 (bad escapes) or 404. */
export async function serveStatic(pathname, res) {
  const prefix = Object.keys(DIRS).find((p) => pathname.startsWith(p));
  const decoded = prefix === undefined ? null : decodePath(pathname.slice(prefix.length));
  if (decoded === null) return send(res, 400, 'text/plain', 'bad path\n');
  // A NUL would make readFile throw; no file of ours has one.
  if (decoded.includes('\0')) return send(res, 404, 'text/plain', 'not found\n');
  const relative = normalize(decoded || 'index.html');
  if (relative.startsWith('..') || relative.includes(`${sep}..`)) return send(res, 404, 'text/plain', 'not found\n');
  const type = MIME_TYPES[extname(relative)];
  if (type === undefined) return send(res, 404, 'text/plain', 'not found\n');
  try {
    const body = await readFile(join(ROOT, DIRS[prefix], relative));
    const headers = prefix === '/' && ISOLATED_PAGES.has(relative) ? ISOLATION_HEADERS : {};
    return send(res, 200, type, body, headers);
  } catch {
    return send(res, 404, 'text/plain', 'not found\n');
  }
}
