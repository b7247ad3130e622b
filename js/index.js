// Package entry: the standard EventSource, backed by the Wasm core. Touches no globals.
import './standard-core.js'; // provides the standard core
import './event-iteration.js'; // for await (const event of source), source.events(...types)
import './readable-stream-source.js'; // EventSource.fromReadableStream(stream), lastEventId, reconnectionTime
export { EventSource } from './event-source.js';
export { installEventSource } from './install.js';
export { initWasm } from './core-module.js';
