// The main entry (js/index.js) for edge runtimes (export conditions `workerd` and `edge-light`):
// the core as the WebAssembly.Module their bundlers import (js/edge-core.js) and, where the runtime
// has none, a MessageEvent (js/edge-message-event.js), both provided before the entry loads.
import './edge-core.js';
import './edge-message-event.js';
export * from './index.js';
