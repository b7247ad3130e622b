// eventsource-wasm/js-core in Node, Deno and Bun: nothing to do. There the package imports its JS core by
// itself where WebAssembly is missing (node --jitless), from dist/sse-core-js.mjs beside it.
export {};
