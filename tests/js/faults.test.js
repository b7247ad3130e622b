// Faults at scale, bounded and on loopback: a server that drops its connections at seeded
// places (tests/server/fault-server.js), over a thousand times per run; every event must arrive exactly
// once, in order, whole. SSE_FAULT_EVENTS sets the stream's length for a long run (default 2500).
import assert from 'node:assert/strict';

import { EventSource } from '../../js/index.js';
import { waitUntil } from '../behaviour/events.js';
import { CUT_KINDS, eventData, startFaultServer } from '../server/fault-server.js';

const EVENTS = Number(process.env.SSE_FAULT_EVENTS ?? 2500);
const MIN_DROPS = Math.floor(EVENTS * 0.4); // about 1.5 whole events per connection, seeded: 1,000 at 2,500

describe('faults at scale: connections dropped at seeded places', function () {
  for (const [transport, seed] of [
    ['http', 11],
    ['fetch', 12],
  ]) {
    it(`delivers every event exactly once, in order and whole, through ${MIN_DROPS}+ drops (transport ${transport})`, async function () {
      const bound = Math.max(50000, EVENTS * 10); // ms: a long run (SSE_FAULT_EVENTS) gets longer
      this.timeout(bound + 10000);
      const server = await startFaultServer({ count: EVENTS, seed });
      const source = new EventSource(server.url, { transport });
      const received = [];
      const errors = [];
      source.onmessage = (event) => received.push([event.lastEventId, event.data]);
      source.onerror = (event) => errors.push([source.readyState, event.code]);
      const startedAt = Date.now();
      try {
        await waitUntil(
          () => received.length >= EVENTS || source.readyState === EventSource.CLOSED,
          bound,
          () => `; ${received.length} of ${EVENTS} events after ${server.stats.drops} drops`,
        );
        // Nothing more may come: the stream has ended (the last response ends cleanly).
        await new Promise((resolve) => setTimeout(resolve, 50));
      } finally {
        source.close();
        await server.close();
      }
      const seconds = (Date.now() - startedAt) / 1000;
      const { stats } = server;
      console.log(
        `      ${transport}: ${EVENTS} events through ${stats.drops} drops (${stats.resets} resets) in ${seconds.toFixed(1)} s; cuts ${JSON.stringify(stats.byKind)}`,
      );
      assert.equal(received.length, EVENTS, 'events lost or duplicated');
      received.forEach(([id, data], k) => {
        if (id !== String(k + 1) || data !== eventData(k + 1))
          assert.fail(`event ${k + 1} arrived as ${JSON.stringify([id, data])}`);
      });
      assert.ok(stats.drops >= MIN_DROPS, `only ${stats.drops} drops`);
      for (const kind of CUT_KINDS) assert.ok(stats.byKind[kind] > 0, `no cut ${kind}`);
      // Each drop is a network error (or the end of a body): reconnecting, never a failure.
      assert.ok(
        errors.every(([readyState, code]) => readyState === EventSource.CONNECTING && code === 'reconnecting'),
        JSON.stringify(errors.slice(0, 5)),
      );
      // Every reconnection resumed from the last event dispatched before it: the server saw increasing ids.
      assert.ok(stats.lastEventIds.every((id, k) => k === 0 || id >= stats.lastEventIds[k - 1]));
    });
  }
});
