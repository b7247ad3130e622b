// A Cloudflare Worker using the package, bundled by wrangler (conditions workerd, worker, browser) and
// run by workerd: GET /?stream=<url> opens a source there, and answers with what it saw as JSON: the
// ids of the first three messages, how many times onmessage ran, and what the parser entry parsed.
import { EventSource } from 'eventsource-wasm';
import { createParser } from 'eventsource-wasm/parser';
import { observe } from './observe.js';

export default {
  async fetch(request) {
    const stream = new URL(request.url).searchParams.get('stream');
    return Response.json(await observe(EventSource, createParser, stream));
  },
};
