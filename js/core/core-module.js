// Loads the Wasm core once per realm and variant; the memoised promises are the package's one module-level cache.

// The variants: 'standard' (dist/sse-core.wasm) reads text/event-stream only; 'legacy'
// (dist/sse-core-legacy.wasm) also has Opera 9's 2006 dialect. Each has its own Emscripten glue (the
// minified import names differ between the two links) and its binary as a JS module
// (dist/sse-core*-deflated.mjs: deflate-raw in base64), plain JS that no bundler needs an asset rule or
// a plugin for. They are imported statically, never by import() (service workers may not import()),
// by the module that provides the variant: js/core/standard-core.js, which the module entries import, and
// js/core/legacy-core.js, which only the legacy entry imports (the script tags too, and add a fallback
// source with provideWasm: js/core/embedded-core.js).
const glue = { standard: null, legacy: null }; // variant → its glue's createSseCore
const binaries = { standard: null, legacy: null }; // variant → its binary: deflate-raw in base64, or a WebAssembly.Module
const cores = { standard: null, legacy: null }; // variant → promise of the Emscripten Module
const sources = { standard: null, legacy: null }; // variant → () => a source (see initWasm), or null
const jsGlue = { standard: null, legacy: null }; // variant → () => promise of its JS core's createSseCore, or null
const jsCores = { standard: null, legacy: null }; // variant → promise of the JS core's Emscripten Module
let selectedVariant = 'standard';

/**
 * The instantiated Emscripten module of `variant` (default: the selected one, 'legacy' once the
 * legacy entry is imported): its Embind classes, HEAPU8/HEAPU32 and direct exports, as the glue
 * made them. Loaded on first call, then the same promise.
 */
export function loadCore(variant = selectedVariant) {
  cores[variant] ??= instantiate(variant);
  return cores[variant];
}

/**
 * The same core compiled to JavaScript (dist/sse-core-js.mjs, dist/sse-core-legacy-js.mjs: wasm2js), for
 * where WebAssembly may not be compiled. Its module has the Wasm core's surface, and `javascript: true`.
 * Loaded on first call, then the same promise; loadCore() falls back to it.
 */
export function loadJsCore(variant = selectedVariant) {
  jsCores[variant] ??= instantiateJs(variant);
  return jsCores[variant];
}

/**
 * Internal: how to import `variant`'s JS core, only when it is needed (a dynamic import of a file no bundle
 * carries, dist/sse-core*-js-import.mjs): js/core/standard-core.js and legacy-core.js provide it.
 */
export function provideJsCore(variant, importGlue) {
  jsGlue[variant] = importGlue;
}

/**
 * Hands the core its WebAssembly binary instead of letting it find the .wasm file itself: for
 * runtimes that forbid compiling Wasm from bytes (give a precompiled WebAssembly.Module) and for
 * bundlers that cannot see the file. `source`: a WebAssembly.Module, the bytes (ArrayBuffer or a
 * typed array), a Response or a promise of one, or a URL to fetch. It is for the variant the
 * EventSource will use: dist/sse-core-legacy.wasm once 'eventsource-wasm/legacy' is imported,
 * else dist/sse-core.wasm. Starts loading now; returns the promise of the loaded core (await it to
 * see a failure). Once the core has started loading, the source is ignored and that load returned.
 */
export function initWasm(source) {
  provideWasm(selectedVariant, () => source);
  return loadCore();
}

/**
 * Uses the core compiled to JavaScript (dist/sse-core-js.mjs) instead of WebAssembly for every EventSource
 * from now on, where WebAssembly is absent and cannot be detected as such (React Native's Hermes) or to
 * compare the two. Without it the package picks that core by itself where WebAssembly is missing or refused.
 * Starts loading now; returns the promise of the loaded core. Once a core has started loading, that load
 * is returned instead.
 */
export function initJsCore() {
  cores[selectedVariant] ??= loadJsCore();
  return cores[selectedVariant];
}

/**
 * Internal: where `variant` gets its binary instead: `getSource(binary)` is called on first load with
 * the binary provideDistCore gave (the script tags inflate it, or fetch the file where they cannot).
 */
export function provideWasm(variant, getSource) {
  if (cores[variant] === null) sources[variant] = getSource;
}

/**
 * Internal: `variant`'s glue and its binary as dist/ carries them (see above): deflate-raw in base64, or
 * a WebAssembly.Module where a bundler imports the .wasm as one (js/core/edge-core.js).
 */
export function provideDistCore(variant, createSseCore, binary) {
  glue[variant] = createSseCore;
  binaries[variant] = binary;
}

/** Internal: the legacy entry makes every core loaded afterwards the one with the 2006 dialect. */
export function selectLegacyCore() {
  selectedVariant = 'legacy';
}

// The 8-byte header alone: a module with nothing in it.
const EMPTY_MODULE = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]);

// The glue (MINIMAL_RUNTIME) instantiates Module.wasm, here always a compiled WebAssembly.Module:
// only we know which variant and which kind of source to use, and compiling first means a bad source
// rejects here (the glue's own instantiation has no error path).
async function instantiate(variant) {
  if (typeof WebAssembly !== 'object') return fallBack(variant, new Error('this runtime has no WebAssembly'));
  const getSource = sources[variant] ?? defaultSource;
  const source = Promise.resolve().then(() => getSource(binaries[variant] ?? missingCore(variant)));
  source.catch(() => {}); // reported below, unless a missing glue is reported first
  const createSseCore = glue[variant] ?? missingCore(variant);
  const given = await source;
  let wasm;
  try {
    wasm = await compileSource(given);
    // WebKit compiles under a Content-Security-Policy without 'wasm-unsafe-eval' but refuses to
    // instantiate, inside the glue, whose promise then never settles: an empty module (the 8-byte header)
    // is instantiated first, so that the refusal rejects here. Not where a module was handed in: edge
    // runtimes that refuse to compile bytes at all (workerd) would refuse this one.
    if (!isWasmModule(given)) await WebAssembly.instantiate(EMPTY_MODULE);
  } catch (error) {
    // Refused, when not even an empty module instantiates; else the source was bad (no fallback hides that).
    const refused = await WebAssembly.instantiate(EMPTY_MODULE).then(
      () => false,
      () => true,
    );
    if (!refused) throw error;
    return fallBack(variant, error);
  }
  return createSseCore({ wasm });
}

// WebAssembly is missing, or compiling it is refused (a Content-Security-Policy, an embedder): the same
// core in JavaScript where the entry provided it, else the refusal.
function fallBack(variant, refusal) {
  if (jsGlue[variant] === null) throw refusal;
  return loadJsCore(variant).catch((error) => {
    throw new AggregateError([refusal, error], `${refusal.message}; its JavaScript core failed too: ${error.message}`);
  });
}

async function instantiateJs(variant) {
  const importGlue = jsGlue[variant] ?? missingCore(variant);
  const { default: createSseCore } = await importGlue();
  const core = await createSseCore({});
  core.javascript = true;
  return core;
}

// The binary a variant was provided with: deflate-raw in base64 (inflated here), or a WebAssembly.Module
// an edge entry imported (js/core/edge-core.js).
function defaultSource(binary) {
  return typeof binary === 'string' ? inflate(binary) : binary;
}

// By its tag, not instanceof: a module compiled in another realm (an edge runtime's host) is still one.
function isWasmModule(value) {
  return Object.prototype.toString.call(value) === '[object WebAssembly.Module]';
}

function missingCore(variant) {
  const entry = variant === 'legacy' ? 'eventsource-wasm/legacy' : 'eventsource-wasm';
  throw new Error(`eventsource-wasm: no ${variant} core was imported (the ${entry} entry imports it)`);
}

/**
 * The Response of a core stored as deflate-raw in base64, inflated by DecompressionStream('deflate-raw')
 * (Chrome 103, Firefox 113, Safari 16.4, Node 18, Deno, Bun); a clear error where it is missing.
 */
export function inflate(base64) {
  if (typeof DecompressionStream !== 'function') {
    throw new Error(
      'eventsource-wasm: this runtime has no DecompressionStream to unpack the core it carries; hand the core to initWasm() instead (the URL of eventsource-wasm/sse-core.wasm, its bytes or a WebAssembly.Module)',
    );
  }
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  return new Response(new Response(bytes).body.pipeThrough(new DecompressionStream('deflate-raw')));
}

// Node, Deno and Bun read a file: URL from disk (Node's fetch cannot). No static `node:` import: js/
// is bundled for browsers too.
const NODE_FS = 'node:fs';
async function readFile(url) {
  const fs =
    globalThis.process?.getBuiltinModule?.(NODE_FS) ??
    (await import(/* webpackIgnore: true */ /* @vite-ignore */ NODE_FS));
  return fs.promises.readFile(url);
}

/** The WebAssembly.Module for any `source` initWasm accepts. */
async function compileSource(source) {
  if (typeof source === 'string' && source.startsWith('file:')) source = new URL(source);
  if (isWasmModule(source)) return source;
  // NODE_ONLY: dropped from the script-tag builds (esbuild --drop-labels, see js/transports/select-transport.js).
  NODE_ONLY: if (source instanceof URL && source.protocol === 'file:')
    return WebAssembly.compile(await readFile(source));
  if (typeof source === 'string' || source instanceof URL) source = await fetch(source, { credentials: 'same-origin' });
  if (typeof Response === 'function' && source instanceof Response) return compileResponse(source);
  if (source instanceof ArrayBuffer || ArrayBuffer.isView(source)) return WebAssembly.compile(source);
  throw new TypeError('eventsource-wasm: a Wasm source is a WebAssembly.Module, bytes, a Response or a URL');
}

// Compiles while downloading where the server labels the file application/wasm; other servers (and
// file: or data: responses) get the plain path, which does not care about the MIME type.
async function compileResponse(response) {
  if (!response.ok) throw new Error(`eventsource-wasm: fetching ${response.url} answered ${response.status}`);
  const streaming =
    typeof WebAssembly.compileStreaming === 'function' &&
    /^application\/wasm\b/i.test(response.headers.get('Content-Type') ?? '');
  if (streaming) return WebAssembly.compileStreaming(response);
  return WebAssembly.compile(await response.arrayBuffer());
}
