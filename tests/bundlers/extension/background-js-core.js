// The background worker with the JS core bundled in: a service worker may not import(), so an extension
// whose CSP refuses WebAssembly (the default one) imports eventsource-wasm/js-core, as the README says.
import 'eventsource-wasm/js-core';
import './background.js';
