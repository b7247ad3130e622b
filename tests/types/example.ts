// Type-checked by tests/js/types.test.js (tsc --noEmit): page code written against lib.dom's
// EventSource compiles unchanged against eventsource-wasm, and misuse is rejected.
import { EventSource, initJsCore, initWasm, installEventSource, type EventSourceErrorEvent } from 'eventsource-wasm';
import 'eventsource-wasm/polyfill';

const source = new EventSource('https://example.test/stream', { withCredentials: true, transport: 'auto' });
const viaUrl = new EventSource(new URL('https://example.test/other'), { maxLineLength: 1024, maxEventSize: 4096 });

// Named events are MessageEvents, as in lib.dom since TypeScript-DOM-lib-generator#1182.
source.addEventListener('tick', (event) => {
  const data: string = event.data;
  const id: string = event.lastEventId;
  console.log(data, id, event.origin);
});
source.addEventListener('message', (event) => console.log(event.data.length));
source.addEventListener('open', (event) => console.log(event.type));
source.addEventListener('error', (event) => console.log(event.code, event.status, event.message));
source.onmessage = function (event) {
  console.log(this.url, this.readyState === this.OPEN, event.data);
  this.close();
};
source.onerror = (event) => console.log(event.code === 'bad-status', event.status, event.message, event.body?.length);
source.addEventListener('error', (event: EventSourceErrorEvent) => console.log(event.cause, event.headers?.get('retry-after')));

const state: number = source.readyState;
if (state === EventSource.CLOSED || state === source.CONNECTING) viaUrl.close();

// It can stand where lib.dom's EventSource is expected.
const asDom: globalThis.EventSource = source;
const Installed: typeof EventSource = installEventSource({ force: false });
console.log(asDom.readyState, new Installed('https://example.test/x').url);

// @ts-expect-error readyState is read-only
source.readyState = 2;
// @ts-expect-error there is no such transport
new EventSource('https://example.test/x', { transport: 'websocket' });
// @ts-expect-error the URL is required
new EventSource();

// Request options: a chat-completion style stream, with lib.dom's own Headers, Blob and AbortSignal.
const controller = new AbortController();
const chat = new EventSource('https://api.example.test/v1/chat/completions', {
  method: 'POST',
  headers: { Authorization: 'Bearer sk-test', 'Content-Type': 'application/json' },
  body: JSON.stringify({ model: 'm', stream: true, messages: [{ role: 'user', content: 'hi' }] }),
  signal: controller.signal,
});
new EventSource('https://example.test/x', { headers: new Headers({ 'X-A': '1' }), body: new Blob(['x']), method: 'PUT' });
new EventSource('https://example.test/x', { headers: [['X-A', '1']], body: new URLSearchParams({ a: '1' }), method: 'POST' });
new EventSource('https://example.test/x', { fetch: (url, init) => fetch(url, init), credentials: 'include' });
chat.onmessage = (event) => (event.data === '[DONE]' ? chat.close() : console.log(JSON.parse(event.data)));
// @ts-expect-error not a credentials mode
new EventSource('https://example.test/x', { credentials: 'always' });
// @ts-expect-error a body is not a number
new EventSource('https://example.test/x', { method: 'POST', body: 42 });

// Iteration (an extension): every message event, or those of the types named.
async function consume(): Promise<string[]> {
  const seen: string[] = [];
  for await (const event of source) {
    seen.push(event.data);
    if (seen.length > 2) break;
  }
  for await (const event of viaUrl.events('tick', 'message')) seen.push(`${event.type} ${event.lastEventId}`);
  return seen;
}
void consume();

// initWasm takes a compiled module, bytes, a Response or a URL.
// (lib.dom's WebAssembly.Module is an empty interface, so any object passes where lib.dom is loaded.)
async function handIn(bytes: Uint8Array<ArrayBuffer>, response: Response): Promise<void> {
  await initWasm(new WebAssembly.Module(bytes));
  await initWasm(bytes.buffer);
  await initWasm(response);
  await initWasm(new URL('https://example.test/sse-core.wasm'));
}
void handIn;

// initJsCore takes nothing: the core compiled to JavaScript, for runtimes without WebAssembly.
void initJsCore().then(() => new EventSource('/events'));
