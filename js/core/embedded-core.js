// The Wasm core inside the script-tag builds (dist/eventsource-wasm*.js): deflate-raw in base64.
import { inflate } from './core-module.js';

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
