// Async iteration (an extension: js/interface/event-iteration.js), part of the EventSource behaviour suite
// (event-source-behaviour.js): for await over a source, source.events(...types), ends and failures.
import * as assert from './assert.js';
import { waitFor, waitUntil } from './events.js';

const CLOSED = 2;
// Typed and untyped events, then the stream stays open.
const MIXED = `/raw?body=${encodeURIComponent('event: a\ndata: 1\n\ndata: 2\n\nevent: b\ndata: 3\n\ndata: 4\n\n')}`;

export function iterationTests(t) {
  describe('async iteration (extension)', function () {
    t.extensionTest('yields every message event of any type, in order, and break closes the source', async function () {
      const source = t.connect(MIXED);
      const seen = [];
      for await (const event of source) {
        assert.ok(event instanceof MessageEvent);
        seen.push([event.type, event.data]);
        if (seen.length === 3) break;
      }
      assert.equal(source.readyState, CLOSED);
      assert.deepEqual(seen, [
        ['a', '1'],
        ['message', '2'],
        ['b', '3'],
      ]);
    });

    t.extensionTest('events(...types) yields only the types named', async function () {
      const source = t.connect(MIXED);
      const seen = [];
      for await (const event of source.events('b', 'message')) {
        seen.push([event.type, event.data]);
        if (seen.length === 3) break;
      }
      assert.deepEqual(seen, [
        ['message', '2'],
        ['b', '3'],
        ['message', '4'],
      ]);
    });

    t.extensionTest(
      'ends when the source is closed, also while a next() waits, and at once for a closed source',
      async function () {
        const source = t.connect('/counter?n=2');
        const iterator = source[Symbol.asyncIterator]();
        assert.equal((await iterator.next()).value.data, '1');
        assert.equal((await iterator.next()).value.data, '2');
        const waiting = iterator.next();
        source.close();
        assert.deepEqual(await waiting, { value: undefined, done: true });
        const after = [];
        for await (const event of source) after.push(event);
        assert.deepEqual(after, []);
      },
    );

    t.extensionTest('keeps events that arrive between two next() calls', async function () {
      const source = t.connect('/counter?n=5');
      const iterator = source[Symbol.asyncIterator]();
      await waitFor(source, 'message', 5); // all five arrive before the loop asks for any
      const data = [];
      for (let i = 0; i < 5; i++) data.push((await iterator.next()).value.data);
      assert.deepEqual(data, ['1', '2', '3', '4', '5']);
      await iterator.return();
      assert.equal(source.readyState, CLOSED);
    });

    t.extensionTest("throws when the connection fails, with the error event's code and status", async function () {
      const source = t.connect('/status?code=404');
      let thrown;
      try {
        for await (const event of source) throw new Error(`unexpected ${event.type}`);
      } catch (error) {
        thrown = error;
      }
      assert.ok(thrown instanceof Error, 'the loop did not throw');
      assert.equal(thrown.code, 'bad-status');
      assert.equal(thrown.status, 404);
      assert.equal(thrown.cause.type, 'error');
      await waitUntil(() => source.readyState === CLOSED);
    });
  });
}
