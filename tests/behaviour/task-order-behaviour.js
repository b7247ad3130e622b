// Events in the order of tasks, part of the EventSource behaviour suite (event-source-behaviour.js): the
// standard queues a task for each event (announcing the connection, dispatching an event, reestablishing
// or failing the connection), so code that awaits a promise resolved in one event's listener runs before
// the next event fires, also when the events came in one read. Each test awaits one event, then the next,
// directly (the depth the polyfill guarantees after a message; after open and error it is two microtasks).
import * as assert from './assert.js';
import { waitFor } from './events.js';

const CONNECTING = 0;
const OPEN = 1;
const CLOSED = 2;
const encoder = new TextEncoder();

/** /whole's URL path: a response of `body` whose head, body and end come in one write (one read). */
function whole(body) {
  return `/whole?body=${encodeURIComponent(body)}`;
}

/**
 * The next `type` event of `source` and the readyState seen just after it: a promise resolved inside its
 * listener, awaited directly by the test (one microtask after the listener ran: nothing is chained on it).
 */
function next(source, type) {
  return waitFor(source, type);
}

/** A stream of `chunks` as UTF-8 bytes, all of them there before the first read, then its end. */
function streamOf(chunks) {
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
}

export function taskOrderTests(t) {
  describe('task order: what a listener awaits runs before the next event', function () {
    t.test('fires the error of a response that ends at once after what awaited its open', async function () {
      // As undici's reconnection tests wait: `await once(source, 'open')`, then `await once(source, 'error')`.
      const source = t.connect(whole(''));
      await next(source, 'open');
      assert.equal(source.readyState, OPEN);
      await next(source, 'error');
      assert.equal(source.readyState, CONNECTING);
      source.close();
    });

    t.test(
      'dispatches an event that came with the response after what awaited open, and the end after what awaited it',
      async function () {
        const source = t.connect(whole('data: a\n\n'));
        await next(source, 'open');
        const [message] = await next(source, 'message');
        assert.equal(message.data, 'a');
        assert.equal(source.readyState, OPEN);
        await next(source, 'error');
        assert.equal(source.readyState, CONNECTING);
        source.close();
      },
    );

    t.test('dispatches each of three events read at once after what awaited the one before', async function () {
      const source = t.connect(whole('data: 1\n\nevent: typed\ndata: 2\n\ndata: 3\n\n'));
      await next(source, 'open');
      assert.equal((await next(source, 'message'))[0].data, '1');
      assert.equal((await next(source, 'typed'))[0].data, '2');
      assert.equal((await next(source, 'message'))[0].data, '3');
      await next(source, 'error');
      source.close();
    });

    t.test(
      'reconnects a response that ends at once, and open, error and the next open can be awaited in turn',
      async function () {
        // undici's "Should reconnect on with modified reconnection timeout", with a real clock.
        const source = t.connect(whole('retry: 20\n\n'));
        await next(source, 'open');
        await next(source, 'error');
        await next(source, 'open');
        assert.equal(source.readyState, OPEN);
        assert.equal((await t.gets('/whole')).length, 2);
        source.close();
      },
    );

    t.extensionTest(
      'dispatches each event of a stream read at once (fromReadableStream) after what awaited the one before',
      async function () {
        const source = t.track(t.Interface.fromReadableStream(streamOf(['data: 1\n\ndata: 2\n\n', 'data: 3\n\n'])));
        await next(source, 'open');
        assert.equal((await next(source, 'message'))[0].data, '1');
        assert.equal((await next(source, 'message'))[0].data, '2');
        assert.equal((await next(source, 'message'))[0].data, '3');
        const [error] = await next(source, 'error');
        assert.equal(source.readyState, CLOSED);
        assert.equal(error.code, 'stream-ended');
      },
    );

    t.test(
      'stops at once when a listener closes the source, with events of the same read still to come',
      async function () {
        const source = t.connect(whole('data: 1\n\ndata: 2\n\n'));
        const seen = [];
        source.addEventListener('message', (event) => {
          seen.push(event.data);
          source.close();
        });
        source.addEventListener('error', () => seen.push('error'));
        await next(source, 'message');
        await t.settled(source, { pathname: '/whole' });
        assert.deepEqual(seen, ['1']);
      },
    );
  });
}
