// The main entry (js/index.js) for edge runtimes (export conditions `workerd` and `edge-light`):
// the core as the WebAssembly.Module their bundlers import (js/core/edge-core.js) and, where the runtime
// has none, a MessageEvent (js/interface/edge-message-event.js), both provided before the entry loads.
import './core/edge-core.js';
import './interface/edge-message-event.js';
export * from './index.js';
