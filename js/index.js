// Package entry: the standard EventSource, backed by the Wasm core. Touches no globals.
export { EventSource } from './event-source.js';
export { installEventSource } from './install.js';
export { initWasm } from './core-module.js';
