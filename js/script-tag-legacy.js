// The classic-script build for Opera 9 era pages (dist/eventsource-wasm-legacy.js): installs
// EventSource where the browser has none, the <event-source> element and addEventSource(), and
// exposes the global EventSourceWasm with every install function. Built by build.sh only: the legacy
// core is embedded (build/wasm/sse-core-legacy.wasm.deflate, inlined as base64).
import deflatedCore from '../build/wasm/sse-core-legacy.wasm.deflate';
import { provideWasm } from './core-module.js';
import { embeddedSource } from './embedded-core.js';
import { installAddEventSource, installEventSourceElement } from './legacy.js';

provideWasm('legacy', () => embeddedSource(deflatedCore, 'sse-core-legacy.wasm'));
installEventSourceElement();
installAddEventSource();

export { EventSource, installEventSource } from './polyfill.js';
export { installAddEventSource, installEventSourceElement };
