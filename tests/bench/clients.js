// The EventSource clients under comparison, end to end over loopback: each resolves with the time
// from construction to its last expected event.
import { createRequire } from 'node:module';
import { EventSource as PeerEventSource } from 'eventsource';
import { EventSource as WasmEventSource } from '../../js/index.js';

const require = createRequire(import.meta.url);

function timeToLastEvent(Constructor, url, expected) {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const source = new Constructor(url);
    let seen = 0;
    const onEvent = () => {
      if (++seen < expected) return;
      source.close();
      resolve(Number(process.hrtime.bigint() - start) / 1e6);
    };
    source.addEventListener('message', onEvent);
    source.addEventListener('update', onEvent);
    source.onerror = () => {
      source.close();
      reject(new Error(`${Constructor.name}: error after ${seen} events`));
    };
  });
}

/** [{ name, run(url, expectedEvents) → ms }], eventsource-wasm first. */
export function clients() {
  process.removeAllListeners('warning'); // undici's EventSource warns that it is experimental
  const { EventSource: UndiciEventSource } = require('undici');
  return [
    { name: 'eventsource-wasm', run: (url, n) => timeToLastEvent(WasmEventSource, url, n) },
    { name: 'eventsource', run: (url, n) => timeToLastEvent(PeerEventSource, url, n) },
    { name: 'undici', run: (url, n) => timeToLastEvent(UndiciEventSource, url, n) },
  ];
}
