// EventSource.fromReadableStream(stream) and the lastEventId / reconnectionTime getters (experimental:
// js/interface/readable-stream-source.js, after the whatwg/html#12272 proposal and its web-platform-tests), part
// of the EventSource behaviour suite (event-source-behaviour.js). Native EventSources have none of it.
import * as assert from './assert.js';
import { record, sleep, waitFor, waitUntil } from './events.js';

const CONNECTING = 0;
const OPEN = 1;
const CLOSED = 2;
const encoder = new TextEncoder();

/** A stream of `chunks` (strings are sent as their UTF-8 bytes unless `asStrings`), then its end. */
function streamOf(chunks, { asStrings = false, end = true } = {}) {
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks)
        controller.enqueue(typeof chunk === 'string' && !asStrings ? encoder.encode(chunk) : chunk);
      if (end) controller.close();
    },
  });
}

export function readableStreamTests(t) {
  describe('EventSource.fromReadableStream (experimental extension)', function () {
    /** fromReadableStream's source, closed after the test. */
    const from = (stream) => t.track(t.Interface.fromReadableStream(stream));

    t.extensionTest(
      'makes an EventSource of about:event-stream, CONNECTING, without credentials, ids or retry yet',
      function () {
        const source = from(streamOf([]));
        assert.ok(source instanceof t.Interface);
        assert.equal(source.url, 'about:event-stream');
        assert.equal(source.withCredentials, false);
        assert.equal(source.readyState, CONNECTING);
        assert.equal(source.lastEventId, '');
        assert.equal(source.reconnectionTime, 3000);
        assert.equal(t.Interface.fromReadableStream.length, 1);
      },
    );

    t.extensionTest('throws a TypeError for a locked stream, a missing one, or something else', function () {
      const locked = new ReadableStream();
      locked.getReader();
      assert.throws(
        () => t.Interface.fromReadableStream(locked),
        (error) => error instanceof TypeError,
      );
      assert.throws(
        () => t.Interface.fromReadableStream(),
        (error) => error instanceof TypeError,
      );
      assert.throws(
        () => t.Interface.fromReadableStream({}),
        (error) => error instanceof TypeError,
      );
    });

    t.extensionTest(
      'opens later (never inside the call), then dispatches the events, from the origin "null"',
      async function () {
        const source = from(
          streamOf(['data: hello\ndata: world\n\n', ': a comment\nevent: custom\ndata: typed\n\n', 'data: last\n\n'], {
            end: false,
          }),
        );
        const events = record(source, ['open', 'message', 'custom', 'error']);
        assert.equal(source.readyState, CONNECTING);
        await events.until((r) => r.of('message').length >= 2);
        assert.deepEqual(
          events.log.map((e) => [e.type, e.data, e.readyState]),
          [
            ['open', undefined, OPEN],
            ['message', 'hello\nworld', OPEN],
            ['custom', 'typed', OPEN],
            ['message', 'last', OPEN],
          ],
        );
        assert.ok(events.of('message').every((e) => e.origin === 'null' && e.lastEventId === ''));
      },
    );

    t.extensionTest(
      'parses fields, lines and characters split across chunks, every line ending, and drops one BOM',
      async function () {
        const bytes = encoder.encode('\uFEFFdata: caf\u00e9 \u{1F600}\r\rdata: lf\n\ndata: crlf\r\n\r\n');
        const cut = [2, 3, 8, 9, 12, 13, 14, 16, 17, 20, 42]; // inside the BOM, a name, é, the emoji; between CR CR, CR LF
        const chunks = [0, ...cut].map((at, k) => bytes.subarray(at, cut[k] ?? bytes.length));
        const [...messages] = await waitFor(from(streamOf(chunks)), 'message', 3);
        assert.deepEqual(
          messages.map((m) => m.data),
          ['caf\u00e9 \u{1F600}', 'lf', 'crlf'],
        );
      },
    );

    t.extensionTest(
      'updates lastEventId and reconnectionTime from id and retry fields, and ignores a bogus retry',
      async function () {
        const source = from(
          streamOf(['id: 42\ndata: one\n\n', 'retry: 5000\ndata: two\n\n', 'retry: soon\nid\ndata: three\n\n'], {
            end: false,
          }),
        );
        const seen = [];
        source.onmessage = (event) =>
          seen.push([event.data, event.lastEventId, source.lastEventId, source.reconnectionTime]);
        await waitFor(source, 'message', 3);
        assert.deepEqual(seen, [
          ['one', '42', '42', 3000],
          ['two', '42', '42', 5000],
          ['three', '', '', 5000],
        ]);
      },
    );

    t.extensionTest(
      'fails the connection when the stream ends: the complete events, then one error (stream-ended, CLOSED), no reconnection',
      async function () {
        const source = from(streamOf(['data: whole\n\n', 'data: never dispatched\n']));
        const events = record(source);
        await events.until((r) => r.of('error').length >= 1);
        await t.settled(source); // the stream was read to its end: nothing is left to dispatch
        assert.deepEqual(
          events.log.map((e) => [e.type, e.data, e.readyState]),
          [
            ['open', undefined, OPEN],
            ['message', 'whole', OPEN],
            ['error', undefined, CLOSED],
          ],
        );
        assert.equal(events.of('error')[0].code, 'stream-ended');
        assert.equal(source.readyState, CLOSED);
      },
    );

    t.extensionTest(
      'fails the connection for an empty stream and for one that errors, with its error as cause',
      async function () {
        const empty = record(from(streamOf([])));
        await empty.until((r) => r.of('error').length >= 1);
        assert.deepEqual(
          empty.log.map((e) => [e.type, e.readyState]),
          [
            ['open', OPEN],
            ['error', CLOSED],
          ],
        );
        const failure = new Error('the producer failed');
        const errored = record(
          from(
            new ReadableStream({
              start(controller) {
                controller.error(failure);
              },
            }),
          ),
        );
        await errored.until((r) => r.of('error').length >= 1);
        const [error] = errored.of('error');
        assert.deepEqual([error.readyState, error.code, error.event.cause], [CLOSED, 'stream-ended', failure]);
        assert.match(error.message, /the producer failed/);
      },
    );

    t.extensionTest(
      'close() is CLOSED at once, cancels the stream and dispatches nothing more, also before reading started',
      async function () {
        const cancelled = [];
        // Pacing, not waiting: an endless stream that does not fill the queue as fast as it is read.
        const endless = (name) =>
          new ReadableStream({
            pull(controller) {
              controller.enqueue(encoder.encode('data: x\n\n'));
              return sleep(10);
            },
            cancel() {
              cancelled.push(name);
            },
          });
        const early = from(endless('early'));
        early.close();
        const late = from(endless('late'));
        await waitFor(late, 'message', 2);
        const events = record(late);
        late.close();
        assert.equal(late.readyState, CLOSED);
        // Once both are cancelled no chunk can come; settled() lets one read before be dispatched, were it to be.
        await waitUntil(
          () => cancelled.length === 2,
          2000,
          () => `: cancelled ${JSON.stringify(cancelled)}`,
        );
        await t.settled(late);
        assert.deepEqual(events.log, []);
        assert.deepEqual([early.readyState, cancelled.sort()], [CLOSED, ['early', 'late']]);
      },
    );

    t.extensionTest(
      'reads chunks of strings (a surrogate pair split between two), ArrayBuffers and other views',
      async function () {
        const strings = from(streamOf(['data: a\uD83D', '\uDE00b\n\n'], { asStrings: true }));
        assert.deepEqual(
          (await waitFor(strings, 'message')).map((m) => m.data),
          ['a\u{1F600}b'],
        );
        const bytes = encoder.encode('data: views\n\n');
        const views = from(
          streamOf([
            bytes.slice(0, 3).buffer,
            new DataView(bytes.slice(3, 7).buffer),
            new Uint16Array(bytes.slice(7, 13).buffer),
            bytes.slice(13),
          ]),
        );
        assert.deepEqual(
          (await waitFor(views, 'message')).map((m) => m.data),
          ['views'],
        );
      },
    );

    t.extensionTest(
      'fails the connection on a chunk that is neither bytes nor a string, and cancels the stream',
      async function () {
        let cancelled = false;
        const source = from(
          new ReadableStream({
            start(controller) {
              controller.enqueue(encoder.encode('data: before\n\n'));
              controller.enqueue(42);
            },
            cancel() {
              cancelled = true;
            },
          }),
        );
        const events = record(source);
        await events.until((r) => r.of('error').length >= 1);
        assert.deepEqual(events.data(), ['before']);
        const [error] = events.of('error');
        assert.deepEqual(
          [error.readyState, error.code, error.event.cause instanceof TypeError],
          [CLOSED, 'stream-ended', true],
        );
        await waitUntil(
          () => cancelled,
          2000,
          () => ': the stream was not cancelled',
        );
      },
    );

    // The proposal's answer to "no reconnection": the application pipes one stream after another into
    // a TransformStream's writable side, and one source reads its readable side throughout.
    t.extensionTest(
      'reads streams piped one after another through a TransformStream, keeping lastEventId and reconnectionTime',
      async function () {
        const pipe = new TransformStream();
        const source = from(pipe.readable);
        const events = record(source);
        await streamOf(['id: 7\nretry: 1500\ndata: first\n\n']).pipeTo(pipe.writable, { preventClose: true });
        await events.until((r) => r.of('message').length >= 1);
        await streamOf(['data: second\n\n']).pipeTo(pipe.writable, { preventClose: true });
        await events.until((r) => r.of('message').length >= 2);
        assert.deepEqual([source.lastEventId, source.reconnectionTime], ['7', 1500]);
        await pipe.writable.close();
        await events.until((r) => r.of('error').length >= 1);
        assert.deepEqual(
          events.log.map((e) => [e.type, e.data, e.lastEventId]),
          [
            ['open', undefined, undefined],
            ['message', 'first', '7'],
            ['message', 'second', '7'],
            ['error', undefined, undefined],
          ],
        );
      },
    );

    t.extensionTest("reads a fetch() response's body, with the stream's ids and retry", async function () {
      const response = await fetch(
        t.at(`/raw?end=1&body=${encodeURIComponent('id: 42\nretry: 5000\ndata: fetched\n\n')}`),
      );
      const source = from(response.body);
      const [message] = await waitFor(source, 'message');
      assert.deepEqual([message.data, source.lastEventId, source.reconnectionTime], ['fetched', '42', 5000]);
    });

    t.extensionTest(
      'gives an EventSource of a URL the lastEventId and reconnectionTime getters too',
      async function () {
        const source = t.connect('/counter?n=2&retry=20');
        assert.deepEqual([source.lastEventId, source.reconnectionTime], ['', 3000]);
        await waitFor(source, 'message', 2);
        assert.deepEqual([source.lastEventId, source.reconnectionTime], ['2', 20]);
        const descriptor = Object.getOwnPropertyDescriptor(t.Interface.prototype, 'lastEventId');
        assert.ok(descriptor.enumerable && typeof descriptor.get === 'function' && descriptor.set === undefined);
      },
    );
  });
}
