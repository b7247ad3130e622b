// Type-checked by tests/js/types.test.js (tsc --noEmit): page code written against lib.dom's
// EventSource compiles unchanged against eventsource-wasm, and misuse is rejected.
import { EventSource, installEventSource, type EventSourceErrorEvent } from 'eventsource-wasm';
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
  const self: EventSource = this;
  console.log(self.url, event.data);
};
source.onerror = (event) => console.log((event as EventSourceErrorEvent).code === 'bad-status');

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
