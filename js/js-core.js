// eventsource-wasm/js-core: the standard core compiled to JavaScript (dist/sse-core-js.mjs), put in the bundle
// by a static import, for where WebAssembly is refused and import() is not allowed: a service worker (a
// Manifest V3 extension's background worker under the default extension CSP). Elsewhere the package imports
// that file by itself when WebAssembly is refused, and no bundle carries it (js/core/standard-core.js).
import './core/standard-core.js'; // first, so that what it provides is replaced here
import createSseCore from '../dist/sse-core-js.mjs';
import { provideJsCore } from './core/core-module.js';

provideJsCore('standard', async () => ({ default: createSseCore }));
