// The classic-script build (dist/eventsource-wasm.js): installs EventSource where the browser has
// none, and exposes the global EventSourceWasm = { EventSource, installEventSource }. Built by
// build.sh only: the standard core is embedded with its glue (js/core/standard-core.js), and fetched from
// beside the script only where it cannot be inflated (js/core/embedded-core.js). No exports, no import():
// esbuild then adds none of its module helpers (-400 B gzip).
import { provideWasm } from './core/core-module.js';
import { embeddedSource } from './core/embedded-core.js';
import { EventSource } from './interface/event-source.js';
import { installEventSource } from './interface/install.js';
import './core/standard-core.js';

installEventSource(); // as js/polyfill.js does; not imported, for it adds iteration (js/interface/event-iteration.js)
provideWasm('standard', (deflated) => embeddedSource(deflated, 'sse-core.wasm'));

globalThis.EventSourceWasm = { EventSource, installEventSource };
