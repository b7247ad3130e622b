// Many connections in one Node process, bounded and on loopback: 5,000 EventSources open
// at once against a server in a child process of its own, every one of them gets every event.
// SSE_CONNECTIONS sets the count for a long run.
import assert from 'node:assert/strict';
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

import { EventSource } from '../../js/index.js';
import { waitUntil } from '../behaviour/events.js';

const CONNECTIONS = Number(process.env.SSE_CONNECTIONS ?? 5000);
const EVENTS = 3;
const BATCH = 250; // connects at a time, so the listen backlog never overflows
const SERVER = fileURLToPath(new URL('../server/broadcast-server.js', import.meta.url));

/** Sends `message` to the child and resolves with its next answer. */
async function ask(child, message) {
  const answer = once(child, 'message');
  child.send(message);
  return (await answer)[0];
}

describe(`${CONNECTIONS} connections in one Node process`, function () {
  it('opens them all, delivers every event to every one, and closes them all', async function () {
    this.timeout(90000);
    const child = fork(SERVER, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const sources = [];
    try {
      const [{ port }] = await once(child, 'message');
      const url = `http://127.0.0.1:${port}/`;
      const received = new Uint8Array(CONNECTIONS);
      let open = 0;
      let errors = 0;
      const startedAt = Date.now();
      for (let at = 0; at < CONNECTIONS; at += BATCH) {
        for (let k = at; k < Math.min(at + BATCH, CONNECTIONS); k++) {
          const source = new EventSource(url);
          source.onopen = () => void (open += 1);
          source.onerror = () => void (errors += 1);
          source.onmessage = () => void (received[k] += 1);
          sources.push(source);
        }
        await waitUntil(
          () => open >= Math.min(at + BATCH, CONNECTIONS),
          20000,
          () => `; ${open} open, ${errors} errors`,
        );
      }
      const openedIn = (Date.now() - startedAt) / 1000;
      assert.equal((await ask(child, { count: true })).connected, CONNECTIONS);
      assert.equal((await ask(child, { broadcast: EVENTS })).sent, CONNECTIONS);
      await waitUntil(
        () => received.every((n) => n === EVENTS),
        30000,
        () => `; ${received.filter((n) => n === EVENTS).length} of ${CONNECTIONS} got all ${EVENTS} events`,
      );
      const rss = process.memoryUsage().rss / 2 ** 20;
      console.log(
        `      ${CONNECTIONS} connections open in ${openedIn.toFixed(1)} s, ${EVENTS} events each delivered in ${((Date.now() - startedAt) / 1000 - openedIn).toFixed(1)} s; RSS ${rss.toFixed(0)} MiB`,
      );
      assert.equal(errors, 0);
      for (const source of sources) source.close();
      // The server sees every connection closed (polled, bounded).
      let connected = CONNECTIONS;
      for (const deadline = Date.now() + 20000; connected > 0 && Date.now() < deadline;) {
        ({ connected } = await ask(child, { count: true }));
        if (connected > 0) await new Promise((resolve) => setTimeout(resolve, 20));
      }
      assert.equal(connected, 0, 'connections left open after close()');
    } finally {
      for (const source of sources) source.close();
      child.kill();
    }
  });
});
