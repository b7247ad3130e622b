// Section 4, sizes: every shipped file, and browser bundles of the peers built the same way, raw / gzip -9 / brotli 11.
import { build } from 'esbuild';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { PEERS_DIR } from './peers.js';
import { metafileModules, scriptTagModules, wasmBreakdown } from './size-breakdown.js';

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

// What a page downloads from a bundler: one minified esbuild bundle (the core comes inside it as deflate-raw
// in base64; the JS core is a file no bundle carries, imported only where WebAssembly is refused).
// Returns { bytes, metafile } (what each module put in it: size-breakdown.js reads ours).
async function bundle(code) {
  const result = await build({
    metafile: true,
    // From the root (./js/index.js); the peers resolve from their own directory.
    stdin: { contents: code, resolveDir: root, loader: 'js' },
    nodePaths: [join(PEERS_DIR, 'node_modules')],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    logLevel: 'error',
  });
  return { bytes: result.outputFiles[0].contents, metafile: result.metafile };
}

/**
 * { shipped: [{ file, raw, gzip, brotli }], bundles: [{ name, raw, gzip, brotli }], breakdown: { modules, entryModules, wasm }
 * (size-breakdown.js; { error } where it could not be made) }.
 */
export async function sizesSection() {
  const shipped = shippedFiles().map((file) => ({ file, ...measureBytes(readFileSync(join(root, file))) }));
  const bundles = [];
  const metafiles = [];
  for (const { name, code } of BUNDLES) {
    const { bytes, metafile } = await bundle(code);
    bundles.push({ name, ...measureBytes(bytes) });
    metafiles.push(metafile);
  }
  let breakdown;
  try {
    // metafiles[0]: ours (BUNDLES[0])
    breakdown = { modules: scriptTagModules(), entryModules: metafileModules(metafiles[0]), wasm: wasmBreakdown() };
  } catch (error) {
    breakdown = { error: error.message };
  }
  return { shipped, bundles, breakdown };
}
