// Package entry: the standard EventSource, backed by the Wasm core. Touches no globals.
import './core/standard-core.js'; // provides the standard core
import './interface/event-iteration.js'; // for await (const event of source), source.events(...types)
import './interface/readable-stream-source.js'; // EventSource.fromReadableStream(stream), lastEventId, reconnectionTime
export { EventSource } from './interface/event-source.js';
export { installEventSource } from './interface/install.js';
export { initJsCore, initWasm } from './core/core-module.js';
