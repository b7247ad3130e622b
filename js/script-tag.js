// The classic-script build (dist/eventsource-wasm.js): installs EventSource where the browser has
// none, and exposes the global EventSourceWasm = { EventSource, installEventSource }. Built by
// build.sh only: the standard core is embedded (build/wasm/sse-core.wasm.deflate, inlined as base64)
// with its glue (build/wasm/standard/sse-core.mjs, the same file as dist/sse-core.mjs; build.sh drops
// core-module.js's import()s of dist/). No exports, no import(): esbuild then adds none of its module
// helpers (-400 B gzip).
import createSseCore from '../build/wasm/standard/sse-core.mjs';
import deflatedCore from '../build/wasm/sse-core.wasm.deflate';
import { provideWasm } from './core-module.js';
import { embeddedSource } from './embedded-core.js';
import { EventSource } from './event-source.js';
import { installEventSource } from './install.js';

installEventSource(); // as js/polyfill.js does; not imported, for it adds iteration (js/event-iteration.js)
provideWasm('standard', () => embeddedSource(deflatedCore, 'sse-core.wasm'), createSseCore);

globalThis.EventSourceWasm = { EventSource, installEventSource };
