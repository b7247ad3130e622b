// The classic-script build (dist/eventsource-wasm.js): installs EventSource where the browser has
// none, and exposes the global EventSourceWasm = { EventSource, installEventSource }. Built by
// build.sh only: the standard core is embedded with its glue (js/core/standard-core.js), and fetched from
// beside the script only where it cannot be inflated (js/core/embedded-core.js). No exports, and no import() of
// a module it bundles: esbuild then adds none of its module helpers (-400 B gzip). Where WebAssembly is refused,
// it imports the JS core from beside itself.
import { provideWasm } from './core/core-module.js';
import { embeddedSource, provideJsCoreBesideScript } from './core/embedded-core.js';
import { EventSource } from './interface/event-source.js';
import { installEventSource } from './interface/install.js';
import './core/standard-core.js';

installEventSource(); // as js/polyfill.js does; not imported, for it adds iteration (js/interface/event-iteration.js)
provideWasm('standard', (deflated) => embeddedSource(deflated, 'sse-core.wasm'));
provideJsCoreBesideScript('standard', 'sse-core-js.mjs');

globalThis.EventSourceWasm = { EventSource, installEventSource };
