// The JS/Wasm boundary: one copy per chunk, batches read back correctly while memory grows or the
// source closes mid-batch, and C++ objects freed exactly once.
import assert from 'node:assert/strict';
import { loadCore, loadJsCore } from '../../js/core/core-module.js';
import '../../js/core/standard-core.js'; // provides the standard core to loadCore
import { CoreSession } from '../../js/core/core-session.js';
import { RecordingSink } from './helpers/recording-sink.js';

const encoder = new TextEncoder();
const bigLimits = { maxLineLength: 64 << 20, maxEventSize: 64 << 20, reconnectionTime: 3000 };

function openSession(core, limits = bigLimits) {
  const sink = new RecordingSink();
  const session = new CoreSession(core, limits);
  session.start(sink);
  session.response(200, 'text/event-stream', sink);
  return { session, sink };
}

// Each test for both cores: the Wasm core, and the same compiled to JavaScript, whose memory grows into a
// new ArrayBuffer without detaching the old one (js/core/core-workspace.js refresh()).
for (const kind of ['Wasm', 'JS'])
  describe(`CoreSession (the boundary) on the ${kind} core`, function () {
    let core;
    before(async () => {
      core = await (kind === 'JS' ? loadJsCore() : loadCore());
      assert.equal(core.javascript === true, kind === 'JS');
    });

    it('parses a chunk larger than its input buffer in one piece', () => {
      const { session, sink } = openSession(core);
      const payload = 'x'.repeat(300_000);
      session.feed(encoder.encode(`data: ${payload}\n\n`), sink);
      session.free();
      assert.equal(sink.events.length, 1);
      assert.equal(sink.events[0].data, payload);
    });

    it('reads every record of a batch correctly when the batch itself makes memory grow', () => {
      const before = core.HEAPU8.buffer.byteLength;
      const { session, sink } = openSession(core);
      const a = 'a'.repeat(before); // each event alone is as large as all memory was
      const b = 'b'.repeat(before);
      session.feed(encoder.encode(`id: 1\ndata: ${a}\n\nid: 2\ndata: ${b}\n\n`), sink);
      session.free();
      assert.ok(core.HEAPU8.buffer.byteLength > before, 'memory did not grow: the test proves nothing');
      assert.deepEqual(
        sink.events.map((e) => [e.data.length, e.data[0], e.lastEventId]),
        [
          [a.length, 'a', '1'],
          [b.length, 'b', '2'],
        ],
      );
    });

    it('keeps reading a batch correctly when a handler grows memory between two records', () => {
      const { session, sink } = openSession(core);
      const others = [];
      const dispatch = sink.dispatch.bind(sink);
      sink.dispatch = (type, data) => {
        dispatch(type, data);
        const other = new CoreSession(core, bigLimits);
        other.feed(new Uint8Array(core.HEAPU8.buffer.byteLength), new RecordingSink()); // forces growth
        others.push(other);
      };
      session.feed(encoder.encode('data: one\n\nevent: two\ndata: \u00e9\n\ndata: three\n\n'), sink);
      session.free();
      others.forEach((other) => other.free());
      assert.deepEqual(
        sink.events.map((e) => [e.type, e.data]),
        [
          ['message', 'one'],
          ['two', '\u00e9'],
          ['message', 'three'],
        ],
      );
    });

    it('stops reading a batch at once when a handler closes the session', () => {
      const { session, sink } = openSession(core);
      const dispatch = sink.dispatch.bind(sink);
      sink.dispatch = (type, data) => {
        dispatch(type, data);
        session.close(sink);
        session.free();
      };
      session.feed(encoder.encode('data: 1\n\ndata: 2\n\ndata: 3\n\n'), sink);
      assert.deepEqual(
        sink.events.map((e) => e.data),
        ['1'],
      );
      assert.deepEqual(sink.actions.slice(-1), ['abort']);
      assert.equal(session.freed, true);
    });

    it('decodes U+FEFF inside a value as data, not as a byte order mark', () => {
      const { session, sink } = openSession(core);
      session.feed(encoder.encode('data: \ufeffx\n\n'), sink);
      session.free();
      assert.equal(sink.events[0].data, '\ufeffx');
    });

    it('can be freed twice', () => {
      const { session } = openSession(core);
      session.free();
      session.free();
      assert.equal(session.freed, true);
    });

    it('reports the Content-Type decision made in C++ with the error code and status', () => {
      const sink = new RecordingSink();
      const session = new CoreSession(core, bigLimits);
      session.start(sink);
      session.response(404, 'text/event-stream', sink);
      session.free();
      assert.deepEqual(sink.actions, ['start()', 'abort', 'error(2,bad-status,404)']);
    });
  });
