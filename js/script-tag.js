// The classic-script build (dist/eventsource-wasm.js): installs EventSource where the browser has
// none, and exposes the global EventSourceWasm = { EventSource, installEventSource }.
export { EventSource, installEventSource } from './polyfill.js';
