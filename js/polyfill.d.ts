// Types of eventsource-wasm/polyfill: importing it installs EventSource where the runtime has none.
export { EventSource, installEventSource } from './index.js';
export type { EventSourceInit, EventSourceErrorEvent, EventSourceErrorCode, EventSourceEventMap } from './index.js';
