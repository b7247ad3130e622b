// Section 4, sizes: every shipped file, and browser bundles of the peers built the same way, raw / gzip -9 / brotli 11.
import { build } from 'esbuild';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { PEERS_DIR } from './peers.js';
import { scriptTagModules, wasmBreakdown } from './size-breakdown.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** The script tag build: what a page loads, Wasm inside; the headline compares it with the peers. */
export const SCRIPT_TAG = 'dist/eventsource-wasm.js';

// Each bundle: a one-line entry, bundled and minified by esbuild for browsers, as an app would ship it.
const BUNDLES = [
  { name: 'eventsource-wasm (esbuild of js/index.js)', code: `export { EventSource } from './js/index.js';` },
  { name: 'eventsource', code: `export { EventSource } from 'eventsource';` },
  { name: 'event-source-polyfill', code: `export { EventSourcePolyfill } from 'event-source-polyfill';` },
  { name: 'eventsource-parser (parser only)', code: `export { createParser } from 'eventsource-parser';` },
];

/** { raw, gzip, brotli } in bytes. */
export function measureBytes(bytes) {
  const brotli = brotliCompressSync(bytes, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
      [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
    },
  });
  return { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length, brotli: brotli.length };
}

function filesUnder(path) {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path).flatMap((name) => filesUnder(join(path, name)));
}

/** Every file package.json "files" ships from dist/ that exists, and every dist/*.wasm, sorted. */
export function shippedFiles() {
  const { files = [] } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const listed = files
    .filter((f) => /^dist(\/|$)/.test(f))
    .map((f) => join(root, f))
    .filter((p) => existsSync(p))
    .flatMap(filesUnder);
  const wasm = existsSync(join(root, 'dist'))
    ? readdirSync(join(root, 'dist'))
        .filter((f) => f.endsWith('.wasm'))
        .map((f) => join(root, 'dist', f))
    : [];
  return [...new Set([...listed, ...wasm])].map((p) => relative(root, p)).sort();
}

// With code splitting, as Vite, webpack, Rollup and Parcel build at their defaults: what a page downloads
// is the entry's chunk and what it imports statically, not the chunks of dynamic imports (our JS core,
// loaded only where WebAssembly is refused). Returns { entry: its bytes, lazy: the bytes of the others }.
async function bundle(code) {
  const result = await build({
    // From the root (./js/index.js); the peers resolve from their own directory.
    stdin: { contents: code, resolveDir: root, loader: 'js' },
    nodePaths: [join(PEERS_DIR, 'node_modules')],
    bundle: true,
    minify: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    outdir: join(root, 'build/bench-bundle'), // names the chunks; nothing is written
    write: false,
    metafile: true,
    logLevel: 'error',
  });
  // A dynamic import's chunk is an entry point too: the page's is stdin's.
  const output = (file) => result.metafile.outputs[relative(process.cwd(), file.path)];
  const files = result.outputFiles.filter((file) => file.path.endsWith('.js'));
  const statics = staticClosure(
    result.metafile,
    files.find((file) => output(file)?.entryPoint === '<stdin>'),
  );
  return {
    entry: Buffer.concat(files.filter((f) => statics.has(f.path)).map((f) => f.contents)),
    lazy: Buffer.concat(files.filter((f) => !statics.has(f.path)).map((f) => f.contents)),
  };
}

// The absolute paths of `file` and of every output it imports statically, transitively.
function staticClosure(metafile, file) {
  const seen = new Set();
  const visit = (path) => {
    if (seen.has(path)) return;
    seen.add(path);
    const output = metafile.outputs[relative(process.cwd(), path)];
    for (const { path: imported, kind } of output?.imports ?? [])
      if (kind === 'import-statement') visit(join(process.cwd(), imported));
  };
  visit(file.path);
  return seen;
}

function sum(a, b) {
  return { raw: a.raw + b.raw, gzip: a.gzip + b.gzip, brotli: a.brotli + b.brotli };
}

/**
 * { shipped: [{ file, raw, gzip, brotli }], bundles: [{ name, raw, gzip, brotli }], breakdown: { modules, wasm }
 * (size-breakdown.js; { error } where it could not be made) }.
 */
export async function sizesSection() {
  const shipped = shippedFiles().map((file) => ({ file, ...measureBytes(readFileSync(join(root, file))) }));
  const bundles = [];
  for (const { name, code } of BUNDLES) {
    const { entry, lazy } = await bundle(code);
    bundles.push({ name, ...measureBytes(entry) });
    // Chunks a page loads only when it needs them: ours, the JS core.
    if (lazy.length > 0) bundles.push({ name: `${name}: its lazy chunks (the JS core)`, ...measureBytes(lazy) });
  }
  // Where the module build loads its Wasm as a separate file, an app ships that file beside the bundle.
  const wasm = shipped.find((s) => s.file === 'dist/sse-core.wasm');
  if (wasm)
    bundles.splice(1, 0, {
      name: 'eventsource-wasm (esbuild of js/index.js) + dist/sse-core.wasm',
      ...sum(bundles[0], wasm),
    });
  let breakdown;
  try {
    breakdown = { modules: scriptTagModules(), wasm: wasmBreakdown() };
  } catch (error) {
    breakdown = { error: error.message };
  }
  return { shipped, bundles, breakdown };
}
