// Code for Vercel's edge runtime, bundled as Next.js and Vercel bundle it (conditions edge-light, worker,
// browser; a `.wasm?module` import made a WebAssembly.Module the runtime is given): exposes
// run(stream) to the test, which evaluates it.
import { EventSource } from 'eventsource-wasm';
import { createParser } from 'eventsource-wasm/parser';
import { observe } from './observe.js';

globalThis.run = async (stream) => JSON.stringify(await observe(EventSource, createParser, stream));
