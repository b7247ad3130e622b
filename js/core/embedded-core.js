// The Wasm core inside the script-tag builds (dist/eventsource-wasm*.js): deflate-raw in base64; and the
// JS core beside them, for pages that may not compile WebAssembly.
import { inflate, provideJsCore } from './core-module.js';

// The script's own URL, read while it runs (document.currentScript is null afterwards).
const scriptUrl = globalThis.document?.currentScript?.src;

/**
 * The source js/core/core-module.js instantiates: `base64` (deflate-raw bytes) inflated by
 * DecompressionStream('deflate-raw') (Chrome 103, Firefox 113, Safari 16.4, Node 18). Where that is
 * missing, the same core as a file: `fileName` beside the script (dist/, where the package, unpkg and
 * jsdelivr put both), fetched once; see build.sh for why.
 */
export function embeddedSource(base64, fileName) {
  if (typeof DecompressionStream !== 'function') {
    if (!scriptUrl)
      throw new Error(`eventsource-wasm: no DecompressionStream, and no script URL to fetch ${fileName} from`);
    return new URL(fileName, scriptUrl);
  }
  return inflate(base64);
}

/**
 * Where WebAssembly is missing or refused, the script tags import `variant`'s JS core (`fileName`,
 * dist/sse-core*-js.mjs) from beside the script, as a module: a page whose policy is `script-src 'self'`
 * allows it when it serves the package's dist/ as it is.
 */
export function provideJsCoreBesideScript(variant, fileName) {
  provideJsCore(variant, () => {
    if (!scriptUrl) throw new Error(`eventsource-wasm: no script URL to import ${fileName} from`);
    return import(/* webpackIgnore: true */ /* @vite-ignore */ new URL(fileName, scriptUrl).href);
  });
}
