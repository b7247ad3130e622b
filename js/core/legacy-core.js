// The core with Opera 9's 2006 dialect (dist/sse-core-legacy.wasm), imported only by the legacy entry
// (js/legacy.js), so that only apps that import it carry it; statically, as js/core/standard-core.js.
import createSseCore from '../../dist/sse-core-legacy.mjs';
import deflatedCore from '../../dist/sse-core-legacy-deflated.mjs';
import importJsCore from '../../dist/sse-core-legacy-js-import.mjs';
import { provideDistCore, provideJsCore } from './core-module.js';

provideDistCore('legacy', createSseCore, deflatedCore);
// Its JS core, imported only where WebAssembly is missing or refused, as in js/core/standard-core.js.
JS_CORE_IMPORT: provideJsCore('legacy', importJsCore);
