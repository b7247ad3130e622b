// The classic-script build for Opera 9 era pages (dist/eventsource-wasm-legacy.js): installs
// EventSource where the browser has none, the <event-source> element and addEventSource(), and
// exposes the global EventSourceWasm with every install function.
import { installAddEventSource, installEventSourceElement } from './legacy.js';

installEventSourceElement();
installAddEventSource();

export { EventSource, installEventSource } from './polyfill.js';
export { installAddEventSource, installEventSourceElement };
