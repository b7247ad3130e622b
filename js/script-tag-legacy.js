// The classic-script build for Opera 9 era pages (dist/eventsource-wasm-legacy.js): installs
// EventSource where the browser has none, the <event-source> element and addEventSource(), and
// exposes the global EventSourceWasm with every install function. Built by build.sh only: the legacy
// core is embedded with its glue (js/legacy-core.js, which js/legacy.js imports), as in js/script-tag.js.
import { provideWasm } from './core-module.js';
import { embeddedSource } from './embedded-core.js';
import { installAddEventSource, installEventSourceElement } from './legacy.js';
import { EventSource } from './event-source.js';
import { installEventSource } from './install.js';

installEventSource(); // as js/polyfill.js does; not imported, for it adds iteration (js/event-iteration.js)
provideWasm('legacy', (deflated) => embeddedSource(deflated, 'sse-core-legacy.wasm'));
installEventSourceElement();
installAddEventSource();

globalThis.EventSourceWasm = { EventSource, installEventSource, installAddEventSource, installEventSourceElement };
