// The standard core (dist/sse-core.wasm) for the module entries (js/index.js, polyfill.js, parser.js):
// its glue and its binary as deflate-raw in base64, imported statically so that every bundler keeps
// them in the importing chunk, and a service worker (which may not import()) gets them too.
import createSseCore from '../../dist/sse-core.mjs';
import deflatedCore from '../../dist/sse-core-deflated.mjs';
import importJsCore from '../../dist/sse-core-js-import.mjs';
import { provideDistCore, provideJsCore } from './core-module.js';

provideDistCore('standard', createSseCore, deflatedCore);
// The same core compiled to JavaScript, for where WebAssembly is missing or refused: imported only then, from
// a URL that bundlers which copy such files copy it to (see dist/sse-core-js-import.mjs, build.sh), so that
// no bundle carries it. build.sh drops this statement from the script tags and the prebuilt shared worker
// (esbuild --drop-labels), which import it from beside themselves or go without.
JS_CORE_IMPORT: provideJsCore('standard', importJsCore);
