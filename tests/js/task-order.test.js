// Events in task order, in Node: CoreSession's microtask hop between events (and the inputs that queue
// behind it), and the way undici's EventSource reconnection tests wait for events (`await once(source,
// 'open')`, then `await once(source, 'error')`, with a fake clock), over both Node transports. The same
// guarantee in every runtime and browser: tests/behaviour/task-order-behaviour.js.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import http from 'node:http';

import { EventSource } from '../../js/index.js';
import { loadCore } from '../../js/core/core-module.js';
import '../../js/core/standard-core.js'; // provides the standard core to loadCore
import { CoreSession } from '../../js/core/core-session.js';
import { FakeClock } from '../behaviour/fake-clock.js';
import { RecordingSink } from './helpers/recording-sink.js';

const encoder = new TextEncoder();
const limits = { maxLineLength: 1 << 20, maxEventSize: 1 << 20, reconnectionTime: 3000 };
const STANDARD_RECONNECTION_TIME = 3000;

/** A RecordingSink that asks for the hop, and logs each event and the microtasks its handler queued. */
class HoppingSink extends RecordingSink {
  hop = true;
  log = [];

  constructor(onEvent = () => {}) {
    super();
    this.onEvent = onEvent;
  }

  announce() {
    super.announce();
    this.#handled('open', 2);
  }

  dispatch(type, data) {
    super.dispatch(type, data);
    this.#handled(`${type}:${data}`, 1);
  }

  fireError(readyState, code, status) {
    super.fireError(readyState, code, status);
    this.#handled(`error:${code}`, 2);
  }

  // What a listener's `await` continuation would be: a reaction `depth` microtasks deep.
  #handled(entry, depth) {
    this.log.push(entry);
    let reaction = Promise.resolve();
    for (let k = 1; k < depth; k++) reaction = reaction.then(() => {});
    reaction.then(() => this.log.push(`after ${entry}`));
    this.onEvent(entry);
  }
}

/** Waits until the microtasks (and next ticks) queued so far, and those they queue, have run. */
function drained() {
  return new Promise((resolve) => setImmediate(resolve));
}

describe('task order (Node)', function () {
  describe('CoreSession with a sink that asks for the hop', function () {
    let core;
    before(async () => {
      core = await loadCore();
    });

    function openSession(sink) {
      const session = new CoreSession(core, limits);
      session.start(sink);
      session.response(200, 'text/event-stream', sink);
      return session;
    }

    it('runs what a handler queued before the next event: two microtasks deep after open and error, one after a message', async function () {
      const sink = new HoppingSink();
      const session = openSession(sink);
      session.feed(encoder.encode('data: 1\n\nevent: t\ndata: 2\n\n'), sink);
      session.end(sink);
      assert.deepEqual(sink.log, ['open'], 'only the first event fires inside the input');
      await drained();
      session.free();
      assert.deepEqual(sink.log, [
        'open',
        'after open',
        'message:1',
        'after message:1',
        't:2',
        'after t:2',
        'error:reconnecting',
        'after error:reconnecting',
      ]);
      assert.deepEqual(sink.actions.slice(-2), ['schedule(3000)', 'error(0,reconnecting,0)']);
    });

    it('feeds a chunk that came while events wait after them, and the waiting events keep their own records', async function () {
      const sink = new HoppingSink();
      const session = openSession(sink);
      const otherSink = new HoppingSink();
      const other = openSession(otherSink);
      await drained();
      // Two inputs in one run, as Node's HTTP parser can emit them, and meanwhile another source's chunk:
      // its batch is read out of Wasm memory into the workspace's reused array (all sessions of a core
      // share it) while the first batch's events still wait.
      session.feed(encoder.encode('id: a\ndata: first\n\nevent: x\ndata: second\n\n'), sink);
      session.feed(encoder.encode('id: b\nevent: y\ndata: third-third-third\n\ndata: fourth\n\n'), sink);
      other.feed(
        encoder.encode('event: zzzzzzzz\ndata: other-other-other-other\n\ndata: 2\n\ndata: 3\n\ndata: 4\n\n'),
        otherSink,
      );
      await drained();
      session.free();
      other.free();
      assert.deepEqual(
        sink.events.map((e) => [e.type, e.data, e.lastEventId]),
        [
          ['message', 'first', 'a'],
          ['x', 'second', 'a'],
          ['y', 'third-third-third', 'b'],
          ['message', 'fourth', 'b'],
        ],
      );
      assert.deepEqual(
        otherSink.events.map((e) => e.data),
        ['other-other-other-other', '2', '3', '4'],
      );
    });

    it('dispatches nothing more once a handler closed the session, neither the rest of the batch nor what queued behind it', async function () {
      let session;
      const sink = new HoppingSink((entry) => {
        if (entry === 'message:1') {
          session.close(sink);
          session.free();
        }
      });
      session = openSession(sink);
      await drained();
      session.feed(encoder.encode('data: 1\n\ndata: 2\n\n'), sink);
      session.feed(encoder.encode('data: 3\n\n'), sink); // queued behind message 2
      await drained();
      assert.deepEqual(
        sink.events.map((e) => e.data),
        ['1'],
      );
      assert.equal(sink.actions.at(-1), 'abort');
    });
  });

  // undici's test/eventsource/eventsource-reconnect.js waits this way, with a fake clock installed for
  // the reconnection delay; here the clock is the timers option's.
  for (const transport of ['http', 'fetch']) {
    describe(`undici's reconnection pattern, over the ${transport} transport`, function () {
      let server;
      let respond;
      const requests = [];

      before(async function () {
        server = http.createServer((req, res) => {
          requests.push(req.headers);
          respond(req, res);
        });
        await once(server.listen(0, '127.0.0.1'), 'listening');
      });
      after(() => server.close());
      beforeEach(() => {
        requests.length = 0;
      });

      function connect(clock) {
        return new EventSource(`http://127.0.0.1:${server.address().port}/`, { transport, timers: clock });
      }

      it('reconnects after the standard reconnection time when the server ends the response at once', async function () {
        respond = (req, res) => {
          res.writeHead(200, 'OK', { 'Content-Type': 'text/event-stream' });
          res.end();
        };
        const clock = new FakeClock();
        const source = connect(clock);
        try {
          await once(source, 'open');
          await once(source, 'error');
          assert.equal(source.readyState, EventSource.CONNECTING);
          const reopened = once(source, 'open');
          clock.advance(STANDARD_RECONNECTION_TIME);
          await reopened;
          assert.equal(requests.length, 2);
        } finally {
          source.close();
        }
      });

      it('waits the reconnection time a retry field set before it reconnects', async function () {
        respond = (req, res) => {
          res.writeHead(200, 'OK', { 'Content-Type': 'text/event-stream' });
          res.end('retry: 100\n\n');
        };
        const clock = new FakeClock();
        const source = connect(clock);
        try {
          await once(source, 'open');
          await once(source, 'error');
          assert.deepEqual(clock.pending(), [100]);
          const reopened = once(source, 'open');
          clock.advance(100);
          await reopened;
        } finally {
          source.close();
        }
      });

      it('reconnects with the last event ID as UTF-8 in Last-Event-ID', async function () {
        respond = (req, res) => {
          res.writeHead(200, 'OK', { 'Content-Type': 'text/event-stream' });
          res.end('id: \u2026\n\n');
        };
        const clock = new FakeClock();
        const source = connect(clock);
        try {
          await once(source, 'open');
          await once(source, 'error');
          const reopened = once(source, 'open');
          clock.advance(STANDARD_RECONNECTION_TIME);
          await reopened;
          assert.equal(requests[1]['last-event-id'], Buffer.from('\u2026').toString('latin1'));
        } finally {
          source.close();
        }
      });
    });
  }
});
