// The classic-script build for Opera 9 era pages (dist/eventsource-wasm-legacy.js): installs
// EventSource where the browser has none, the <event-source> element and addEventSource(), and
// exposes the global EventSourceWasm with every install function. Built by build.sh only: the legacy
// core is embedded with its glue (js/core/legacy-core.js, which js/legacy.js imports), as in js/script-tag.js.
import { provideWasm } from './core/core-module.js';
import { embeddedSource, provideJsCoreBesideScript } from './core/embedded-core.js';
import { installAddEventSource, installEventSourceElement } from './legacy.js';
import { EventSource } from './interface/event-source.js';
import { installEventSource } from './interface/install.js';

installEventSource(); // as js/polyfill.js does; not imported, for it adds iteration (js/interface/event-iteration.js)
provideWasm('legacy', (deflated) => embeddedSource(deflated, 'sse-core-legacy.wasm'));
provideJsCoreBesideScript('legacy', 'sse-core-legacy-js.mjs');
installEventSourceElement();
installAddEventSource();

globalThis.EventSourceWasm = { EventSource, installEventSource, installAddEventSource, installEventSourceElement };
