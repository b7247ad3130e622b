// Types of eventsource-wasm/js-core: imported for its effect only (it bundles the core compiled to JavaScript).
export {};
