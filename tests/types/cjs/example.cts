// Type-checked by tests/js/types.test.js as CommonJS (module Node16, a .cts file): the package's
// require condition must resolve to CommonJS declarations (TS1479 otherwise).
import { EventSource, installEventSource } from 'eventsource-wasm';
import polyfill = require('eventsource-wasm/polyfill');
import { createParser } from 'eventsource-wasm/parser';
import { installEventSourceElement } from 'eventsource-wasm/legacy';

const source = new EventSource('http://127.0.0.1:8080/events/clock', { retry: { maxAttempts: 3 } });
source.onerror = (event) => console.log(event.code);
const Same: typeof EventSource = polyfill.EventSource;
console.log(installEventSource === polyfill.installEventSource, new Same('http://x/').url, typeof installEventSourceElement);
void createParser({ onEvent: (event) => console.log(event.data) });
