// One connection, many events: 10 million events through one EventSource in Node, and the
// Wasm memory grows by at most 1 MiB over the run (a leak per event or per chunk would show). Bounded;
// SSE_LONG_EVENTS sets the count.
import assert from 'node:assert/strict';
import http from 'node:http';

import { loadCore } from '../../js/core/core-module.js';
import '../../js/core/standard-core.js'; // provides the standard core to loadCore
import { EventSource } from '../../js/index.js';
import { waitUntil } from '../behaviour/events.js';

const EVENTS = Number(process.env.SSE_LONG_EVENTS ?? 10_000_000);
const PER_CHUNK = 2000; // events per write: 64 KiB-ish chunks, cut wherever the socket cuts them
const MAX_GROWTH = 2 ** 20;

/** A server that writes `count` events `id: k` / `data: k` in chunks, honouring back-pressure. */
async function startServer(count) {
  const server = http.createServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store' });
    let k = 0;
    const write = () => {
      while (k < count) {
        let chunk = '';
        for (const end = Math.min(k + PER_CHUNK, count); k < end;) chunk += `id: ${++k}\ndata: ${k}\n\n`;
        if (!res.write(chunk)) return void res.once('drain', write);
      }
      res.end();
    };
    write();
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

describe(`${EVENTS.toLocaleString('en')} events through one connection`, function () {
  it('delivers them all, in order, with the Wasm memory growing by at most 1 MiB', async function () {
    this.timeout(120000);
    const server = await startServer(EVENTS);
    const core = await loadCore();
    const source = new EventSource(`http://127.0.0.1:${server.address().port}/`);
    let received = 0;
    let outOfOrder = 0;
    let memoryAtStart = 0;
    source.onmessage = (event) => {
      received += 1;
      if (event.data !== String(received)) outOfOrder += 1;
      if (received === 1000) memoryAtStart = core.HEAPU8.length; // once the buffers are in use
    };
    const startedAt = Date.now();
    try {
      await waitUntil(
        () => received >= EVENTS || source.readyState === EventSource.CLOSED,
        110000,
        () => `; ${received} events`,
      );
    } finally {
      source.close();
      server.closeAllConnections();
      server.close();
    }
    const growth = core.HEAPU8.length - memoryAtStart;
    const seconds = (Date.now() - startedAt) / 1000;
    console.log(
      `      ${received} events in ${seconds.toFixed(1)} s (${Math.round(received / seconds / 1000)} k/s); Wasm memory ${memoryAtStart / 1024} KiB, grew ${growth / 1024} KiB`,
    );
    assert.equal(received, EVENTS);
    assert.equal(outOfOrder, 0);
    assert.ok(growth <= MAX_GROWTH, `Wasm memory grew ${growth} bytes`);
  });
});
