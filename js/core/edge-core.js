// The standard core for edge runtimes that refuse to compile WebAssembly from bytes (Cloudflare's
// workerd; Vercel's edge runtime and Next.js middleware): the .wasm imported as a WebAssembly.Module,
// which their bundlers make of a `.wasm?module` import (wrangler for workerd, Next.js and Vercel for
// edge-light). The package's export conditions `workerd` and `edge-light` lead here (js/edge*.js).
// Provided as the source the core loads from, which comes before the deflated binary js/core/standard-core.js
// provides (the edge entries import the standard ones, and with them that module).
import wasm from '../../dist/sse-core.wasm?module';
import { provideWasm } from './core-module.js';
import { preferFetchTransport } from '../transports/select-transport.js';

provideWasm('standard', () => wasm);
preferFetchTransport(); // their fetch is their own HTTP client (js/transports/select-transport.js)
