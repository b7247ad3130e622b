// Loads the Wasm core once per realm; the memoised promise is the package's one module-level cache.
import createSseCore from '../dist/sse-core.mjs';

let corePromise = null;

/** The instantiated Emscripten module (Embind classes, HEAPU8/HEAPU32). */
export function loadCore() {
  corePromise ??= createSseCore();
  return corePromise;
}
