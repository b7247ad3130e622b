// The core with Opera 9's 2006 dialect (dist/sse-core-legacy.wasm), imported only by the legacy entry
// (js/legacy.js), so that only apps that import it carry it; statically, as js/core/standard-core.js.
import createSseCore from '../../dist/sse-core-legacy.mjs';
import deflatedCore from '../../dist/sse-core-legacy-deflated.mjs';
import { provideDistCore, provideJsCore } from './core-module.js';

provideDistCore('legacy', createSseCore, deflatedCore);
// The same core compiled to JavaScript, for where WebAssembly is missing or refused: imported only then,
// so that a bundler makes it a chunk of its own that only such visitors download. build.sh drops this
// statement from the script tags and the prebuilt shared worker (esbuild --drop-labels), which cannot split.
JS_CORE_IMPORT: provideJsCore('legacy', () => import('../../dist/sse-core-legacy-js.mjs'));
