// The standard core (dist/sse-core.wasm) for the module entries (js/index.js, polyfill.js, parser.js):
// its glue and its binary as deflate-raw in base64, imported statically so that every bundler keeps
// them in the importing chunk, and a service worker (which may not import()) gets them too.
import createSseCore from '../../dist/sse-core.mjs';
import deflatedCore from '../../dist/sse-core-deflated.mjs';
import { provideDistCore } from './core-module.js';

provideDistCore('standard', createSseCore, deflatedCore);
