// The package as consumers load it: ESM import and CommonJS require through package.json's exports,
// without touching globals.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { startServer } from '../server/sse-test-server.js';
import { waitFor } from './helpers/events.js';

const require = createRequire(import.meta.url);

describe('package entry points', function () {
  let server;
  before(async () => {
    server = await startServer();
  });
  after(() => server.close());

  it('imports EventSource by package name without defining a global one', async () => {
    const { EventSource } = await import('eventsource-wasm');
    assert.equal(typeof EventSource, 'function');
    assert.equal(EventSource.CLOSED, 2);
    assert.equal(globalThis.EventSource, undefined);
  });

  it('requires the CommonJS build by package name and receives events with it', async () => {
    const { EventSource } = require('eventsource-wasm');
    assert.match(require.resolve('eventsource-wasm'), /dist[\\/]index\.cjs$/);
    const source = new EventSource(server.url('/counter?n=2&retry=20'));
    try {
      const events = await waitFor(source, 'message', 2, 3000);
      assert.deepEqual(events.map((e) => e.lastEventId), ['1', '2']);
    } finally {
      source.close();
    }
  });
});
