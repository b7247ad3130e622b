// The retry policy and the inactivity watchdog (extensions: retry, inactivityTimeout), part of the
// EventSource behaviour suite (event-source-behaviour.js), on a fake clock (the timers option): every
// delay is read from the timers the source set, and time passes only when a test advances it.
import * as assert from './assert.js';
import { record, waitFor, waitUntil } from './events.js';
import { FakeClock } from './fake-clock.js';

const CONNECTING = 0;
const OPEN = 1;
const CLOSED = 2;

export function retryPolicyTests(t) {
  describe('retry policy and watchdog (extensions)', function () {
    t.extensionTest(
      'reconnects on a status named in retry.statuses, waiting its Retry-After, and resumes',
      async function () {
        const clock = new FakeClock();
        const source = t.connect('/flaky?fail=1&code=503&retry-after=10&n=3', {
          retry: { statuses: [429, '5xx'] },
          timers: clock,
        });
        const events = record(source);
        const [error] = await waitFor(source, 'error');
        assert.equal(error.code, 'reconnecting');
        assert.equal(error.status, 503);
        assert.equal(error.attempt, 1);
        assert.equal(error.retryIn, 10000);
        assert.equal(error.body, 'try later');
        assert.match(error.message, /^The server answered 503 Service Unavailable; reconnecting\.$/);
        assert.equal(source.readyState, CONNECTING);
        await clock.waitForTimer(10000); // Retry-After: 10 beats the 3 s reconnection time
        clock.advance(10000);
        await events.until((e) => e.data().length === 3);
        assert.deepEqual(events.types(), ['error', 'open', 'message', 'message', 'message']);
        assert.equal(source.readyState, OPEN);
        assert.equal((await t.gets('/flaky')).length, 2);
      },
    );

    t.extensionTest(
      'still fails the connection on a status not named, and on any without the option',
      async function () {
        const named = t.connect('/flaky?fail=1&code=500', { retry: { statuses: [503] } });
        const plain = t.connect('/flaky?fail=1&code=503');
        const [[a], [b]] = await Promise.all([waitFor(named, 'error'), waitFor(plain, 'error')]);
        assert.equal(a.code, 'bad-status');
        assert.equal(b.code, 'bad-status');
        assert.equal(named.readyState, CLOSED);
        assert.equal(plain.readyState, CLOSED);
      },
    );

    t.extensionTest(
      'backs off between the reconnection time and a ceiling doubling per attempt, jittered by retry.random',
      async function () {
        const clock = new FakeClock();
        const source = t.connect('/network-error?fail=3', {
          retry: { backoff: true, maxDelay: 10000, random: () => 0.5 },
          timers: clock,
        });
        const events = record(source);
        // Ceilings 3000, 6000, 12000 capped at 10000: waits 3000 + half of 0, 3000 and 7000 (rounded down).
        for (const delay of [3000, 4500, 6500]) {
          await clock.waitForTimer(delay);
          clock.advance(delay);
        }
        await events.until((e) => e.data().includes('recovered'));
        assert.deepEqual(clock.scheduled, [3000, 4500, 6500]);
        assert.deepEqual(events.types(), ['error', 'error', 'error', 'open', 'message']);
        assert.ok(events.of('error').every((e) => e.readyState === CONNECTING && e.code === 'reconnecting'));
        // Each error says which reconnection in a row it announces, and the wait drawn for it.
        assert.deepEqual(
          events.of('error').map(({ event }) => [event.attempt, event.retryIn]),
          [
            [1, 3000],
            [2, 4500],
            [3, 6500],
          ],
        );
      },
    );

    t.extensionTest(
      'gives up after retry.maxAttempts reconnections in a row: retries-exhausted, CLOSED',
      async function () {
        const clock = new FakeClock();
        const source = t.connect('/network-error?fail=5', { retry: { maxAttempts: 2 }, timers: clock });
        const events = record(source);
        for (let attempt = 0; attempt < 2; attempt++) {
          await clock.waitForTimer(3000);
          clock.advance(3000);
        }
        await events.until((e) => e.of('error').length === 3);
        const last = events.of('error')[2];
        assert.equal(last.code, 'retries-exhausted');
        assert.equal(last.readyState, CLOSED);
        assert.match(
          last.message,
          /after 2 reconnection attempts in a row \(retry\.maxAttempts\); not reconnecting\.$/,
        );
        assert.deepEqual(clock.pending(), []);
        assert.equal((await t.gets('/network-error')).length, 3);
      },
    );

    t.extensionTest(
      'treats inactivityTimeout ms without bytes as a dropped connection and resumes with Last-Event-ID',
      async function () {
        const clock = new FakeClock();
        const source = t.connect('/counter?n=2', { inactivityTimeout: 5000, timers: clock });
        const events = record(source);
        await events.until((e) => e.data().length === 2);
        clock.advance(5000); // the watchdog armed with the request: nothing since
        await events.until((e) => e.of('error').length === 1);
        const [error] = events.of('error');
        assert.equal(error.code, 'reconnecting');
        assert.equal(
          error.message,
          'The connection failed (nothing arrived for 5000 ms, the inactivityTimeout); reconnecting.',
        );
        assert.equal(source.readyState, CONNECTING);
        clock.advance(3000);
        await t.waitForGets('/counter', 2);
        assert.deepEqual(await t.lastEventIdHeaders('/counter'), [undefined, '2']);
      },
    );

    t.extensionTest('counts comments as activity: the watchdog waits again for what is left', async function () {
      const clock = new FakeClock();
      const source = t.connect('/tick?interval=20&comment=1', { inactivityTimeout: 5000, timers: clock });
      const events = record(source);
      await waitFor(source, 'open');
      clock.advance(4000);
      const reads = clock.reads;
      await waitUntil(() => clock.reads > reads); // a comment arrived at 4000
      clock.advance(1000); // the watchdog is due, but the stream was silent for 1000 ms only
      assert.deepEqual(clock.pending(), [4000]);
      assert.deepEqual(events.types(), ['open']);
      assert.equal(source.readyState, OPEN);
    });

    t.extensionTest('checks the retry options when constructed', function () {
      const bad = [
        [{ retry: 5 }, TypeError, /option retry must be an object/],
        [{ retry: { backoff: 'yes' } }, TypeError, /retry\.backoff must be a boolean/],
        [{ retry: { maxDelay: -1 } }, RangeError, /retry\.maxDelay/],
        [{ retry: { maxAttempts: 0 } }, RangeError, /retry\.maxAttempts/],
        [{ retry: { statuses: [200] } }, RangeError, /retry\.statuses/],
        [{ retry: { statuses: '5xx' } }, TypeError, /retry\.statuses/],
        [{ inactivityTimeout: 1.5 }, RangeError, /inactivityTimeout/],
        [{ timers: {} }, TypeError, /option timers/],
      ];
      for (const [init, type, message] of bad) {
        assert.throws(
          () => new t.EventSource(t.at('/counter'), init),
          (error) => error instanceof type && message.test(error.message),
        );
      }
    });
  });
}
