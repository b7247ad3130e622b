// Type-checked by tests/js/types.test.js in a Node project without lib.dom (lib ES2022, @types/node):
// the declarations must not need the DOM.
import { EventSource, type EventSourceErrorEvent } from 'eventsource-wasm';
import { createParser, EventSourceParserStream } from 'eventsource-wasm/parser';

const source = new EventSource('http://127.0.0.1:8080/api/completions', {
  method: 'POST',
  headers: { Authorization: 'Bearer demo-key' },
  body: JSON.stringify({ stream: true }),
  retry: { backoff: true, maxAttempts: 5, statuses: [429, '5xx'] },
  inactivityTimeout: 60000,
  signal: AbortSignal.timeout(10000),
});
source.onerror = (event) => console.log(event.code, event.status, event.body);
source.addEventListener('error', (event: EventSourceErrorEvent) => console.log(event.message));
source.addEventListener('delta', (event) => console.log(event.data.length));

async function main(): Promise<void> {
  for await (const event of source.events('delta')) console.log(event.lastEventId);
  const parser = await createParser({ onEvent: ({ type, data, id }) => console.log(type, data, id) });
  parser.feed(new TextEncoder().encode('data: x\n\n'));
  const response = await fetch('http://127.0.0.1:8080/events/clock');
  if (response.body !== null) for await (const event of response.body.pipeThrough(new EventSourceParserStream())) console.log(event.data);
}
void main();
