// The classic-script build (dist/eventsource-wasm.js): installs EventSource where the browser has
// none, and exposes the global EventSourceWasm = { EventSource, installEventSource }. Built by
// build.sh only: the standard core is embedded (build/wasm/sse-core.wasm.deflate, inlined as base64).
import deflatedCore from '../build/wasm/sse-core.wasm.deflate';
import { provideWasm } from './core-module.js';
import { embeddedSource } from './embedded-core.js';

provideWasm('standard', () => embeddedSource(deflatedCore, 'sse-core.wasm'));

export { EventSource, installEventSource } from './polyfill.js';
