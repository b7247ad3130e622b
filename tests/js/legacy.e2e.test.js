// The legacy Opera 9 (2006) format in Node: the shape of its fixture corpus, EventSource reading
// application/x-dom-event-stream responses from the test server (../server/sse-test-server.js) once the
// legacy entry is imported, and failing them from the standard entry alone.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { EventSource } from '../../js/index.js';
// Importing the legacy entry makes EventSource read legacy streams: from here on in this process, so in
// every test file Mocha loads with this one. The standard entry alone runs in fresh processes below.
import { installAddEventSource, installEventSourceElement } from '../../js/legacy.js';
import { record, waitFor, waitUntil } from '../behaviour/events.js';
import { FakeClock } from '../behaviour/fake-clock.js';
import { inputToBytes, normalizeCase } from '../fixtures/stream-case.js';
import { startServer } from '../server/sse-test-server.js';

const LEGACY_TYPE = 'application/x-dom-event-stream';
const CONNECTING = 0;
const OPEN = 1;
const CLOSED = 2;
const LEGACY_RECONNECT_MS = 5000;

const CASE_KEYS = new Set([
  'name',
  'section',
  'legacy',
  'input',
  'chunks',
  'events',
  'lastEventId',
  'retry',
  'limits',
  'error',
]);
const EVENT_KEYS = ['type', 'data', 'lastEventId', 'bubbles', 'cancelable', 'target'];
const SECTIONS = new Set(['whatwg-2006', 'whatwg-2007', 'opera-2006', 'project']);

const corpusText = readFileSync(new URL('../fixtures/legacy-stream-cases.json', import.meta.url), 'utf8');

describe('the legacy fixture corpus (tests/fixtures/legacy-stream-cases.json)', function () {
  const corpus = JSON.parse(corpusText);

  it('is a JSON array of 35 to 60 cases with unique names', function () {
    assert.ok(Array.isArray(corpus));
    assert.ok(corpus.length >= 35 && corpus.length <= 60, `${corpus.length} cases`);
    const names = corpus.map((c) => c.name);
    assert.deepEqual(
      names.filter((name, i) => names.indexOf(name) !== i),
      [],
    );
  });

  it('gives every case a name, a known section, an input and events, and no key the README does not list', function () {
    for (const c of corpus) {
      assert.equal(typeof c.name, 'string', JSON.stringify(c).slice(0, 80));
      assert.ok(SECTIONS.has(c.section), `${c.name}: section ${c.section}`);
      assert.ok(c.input !== undefined && Array.isArray(c.events), c.name);
      assert.deepEqual(
        Object.keys(c).filter((key) => !CASE_KEYS.has(key)),
        [],
        c.name,
      );
    }
  });

  it('gives every event exactly type, data, lastEventId "", bubbles, cancelable and target, with their types', function () {
    for (const c of corpus) {
      for (const event of c.events) {
        assert.deepEqual(Object.keys(event).sort(), [...EVENT_KEYS].sort(), c.name);
        assert.equal(typeof event.type, 'string', c.name);
        assert.equal(typeof event.data, 'string', c.name);
        assert.equal(event.lastEventId, '', c.name);
        assert.equal(typeof event.bubbles, 'boolean', c.name);
        assert.equal(typeof event.cancelable, 'boolean', c.name);
        assert.equal(typeof event.target, 'string', c.name);
      }
    }
  });

  it('gives legacy options only as {strictLineFeeds, requireEventField} booleans, and lastEventId and retry only as "" and 5000', function () {
    for (const c of corpus) {
      if (c.legacy !== undefined) {
        assert.deepEqual(Object.keys(c.legacy).sort(), ['requireEventField', 'strictLineFeeds'], c.name);
        assert.equal(typeof c.legacy.strictLineFeeds, 'boolean', c.name);
        assert.equal(typeof c.legacy.requireEventField, 'boolean', c.name);
      }
      if (c.lastEventId !== undefined) assert.equal(c.lastEventId, '', c.name);
      if (c.retry !== undefined) assert.equal(c.retry, LEGACY_RECONNECT_MS, c.name);
    }
  });

  it('gives limits with both keys as positive integers, and error only as line-too-long or event-too-large', function () {
    for (const c of corpus) {
      if (c.limits !== undefined) {
        assert.deepEqual(Object.keys(c.limits).sort(), ['maxEventSize', 'maxLineLength'], c.name);
        assert.ok(Number.isInteger(c.limits.maxLineLength) && c.limits.maxLineLength > 0, c.name);
        assert.ok(Number.isInteger(c.limits.maxEventSize) && c.limits.maxEventSize > 0, c.name);
      }
      if (c.error !== undefined) assert.ok(['line-too-long', 'event-too-large'].includes(c.error), c.name);
      if (c.error !== undefined) assert.ok(c.limits !== undefined, `${c.name}: an error case needs limits`);
    }
  });

  it('decodes every input and explicit chunking, and every chunking concatenates to its input', function () {
    for (const c of corpus) {
      assert.doesNotThrow(() => normalizeCase(c), c.name); // throws when chunks do not add up
      if (c.chunks) assert.ok(c.chunks.length >= 2, `${c.name}: a chunking of one chunk adds nothing`);
    }
  });

  it('covers every rule family: both options, each flag false, targets, both errors, raw bytes and chunkings', function () {
    const events = corpus.flatMap((c) => c.events);
    const has = (what, predicate) => assert.ok(corpus.some(predicate), `no case with ${what}`);
    has('strictLineFeeds', (c) => c.legacy?.strictLineFeeds === true);
    has('requireEventField', (c) => c.legacy?.requireEventField === true);
    has('both 2006 options', (c) => c.legacy?.strictLineFeeds === true && c.legacy?.requireEventField === true);
    has('line-too-long', (c) => c.error === 'line-too-long');
    has('event-too-large', (c) => c.error === 'event-too-large');
    has('hex input', (c) => Array.isArray(c.input) && c.input.some((part) => typeof part === 'object'));
    has('a CR in the input', (c) => inputToBytes(c.input).includes(13));
    has('an explicit chunking', (c) => c.chunks !== undefined);
    has('no events', (c) => c.events.length === 0);
    assert.ok(
      events.some((e) => e.bubbles === false),
      'no event with bubbles false',
    );
    assert.ok(
      events.some((e) => e.cancelable === false),
      'no event with cancelable false',
    );
    assert.ok(
      events.some((e) => e.target.startsWith('#')),
      'no event with a #id target',
    );
    assert.ok(
      events.some((e) => e.target === 'Document'),
      'no event with target Document',
    );
    assert.ok(
      events.some((e) => e.type === 'message'),
      'no default message event',
    );
    assert.ok(
      events.some((e) => e.type.includes('\n')),
      'no event with a joined Event type',
    );
  });
});

describe('EventSource and application/x-dom-event-stream responses (Node)', function () {
  let server;
  let sessionCounter = 0;
  const sources = [];

  before(async function () {
    server = await startServer();
  });

  afterEach(function () {
    for (const source of sources.splice(0)) source.close();
  });

  after(async function () {
    await server?.close();
  });

  /** A fresh session, so this test's attempt counts and request log are its own. */
  function session(name) {
    sessionCounter += 1;
    return `legacy-node-${name}-${sessionCounter}-${Math.random().toString(36).slice(2, 8)}`;
  }

  /** The URL of /raw in `sessionId` sending `body` with Content-Type `type`; the body ends with end=1. */
  function rawUrl(sessionId, body, { type = LEGACY_TYPE, end = false } = {}) {
    const query = new URLSearchParams({ type, hex: Buffer.from(body, 'utf8').toString('hex') });
    if (end) query.set('end', '1');
    return server.url(`/s/${sessionId}/raw?${query}`);
  }

  function connect(url, init) {
    const source = new EventSource(url, init);
    sources.push(source);
    return source;
  }

  const gets = (sessionId) => server.sessionRequests(sessionId).filter((r) => r.method === 'GET');

  /** Waits (bounded) until the session has `count` GETs, and returns them. */
  async function waitForGets(sessionId, count, timeoutMs) {
    await waitUntil(
      () => gets(sessionId).length >= count,
      timeoutMs,
      () => `; saw ${gets(sessionId).length} GET(s), wanted ${count}`,
    );
    return gets(sessionId);
  }

  it('dispatches MessageEvents named by Event, with data, lastEventId "" and the stream origin, while OPEN', async function () {
    const s = session('basic');
    const source = connect(rawUrl(s, 'Event: server-time\ndata: 1157104136\n\nEvent: the-answer\ndata: 42\n\n'));
    const events = record(source, ['open', 'server-time', 'the-answer', 'message', 'error']);
    await events.until((r) => r.of('the-answer').length === 1);
    assert.deepEqual(events.types(), ['open', 'server-time', 'the-answer']);
    for (const entry of events.log.slice(1)) {
      assert.ok(entry.event instanceof MessageEvent, `${entry.type} is not a MessageEvent`);
      assert.equal(entry.lastEventId, '');
      assert.equal(entry.origin, server.origin);
      assert.equal(entry.readyState, OPEN);
    }
    assert.deepEqual(
      events.log.slice(1).map((e) => [e.type, e.data]),
      [
        ['server-time', '1157104136'],
        ['the-answer', '42'],
      ],
    );
  });

  it('joins repeated Event and data fields with LF and ignores ; comments, : commands and id lines', async function () {
    const s = session('fields');
    const source = connect(
      rawUrl(s, '; comment\n:command\nEvent: multi\nEvent: line\nid: 9\ndata: a\ndata: b\n\nEvent: done\n\n'),
    );
    const events = record(source, ['multi\nline', 'done', 'message']);
    await events.until((r) => r.of('done').length === 1);
    assert.deepEqual(
      events.log.map((e) => [e.type, e.data, e.lastEventId]),
      [
        ['multi\nline', 'a\nb', ''],
        ['done', '', ''],
      ],
    );
  });

  it('dispatches a block without Event as message by default, and drops it with legacy: {requireEventField: true}', async function () {
    const body = 'data: nameless\n\nEvent: done\n\n';
    const lenient = record(connect(rawUrl(session('default-message'), body)), ['message', 'done']);
    const strict = record(connect(rawUrl(session('require-event'), body), { legacy: { requireEventField: true } }), [
      'message',
      'done',
    ]);
    await lenient.until((r) => r.of('done').length === 1);
    await strict.until((r) => r.of('done').length === 1);
    assert.deepEqual(
      lenient.log.map((e) => [e.type, e.data]),
      [
        ['message', 'nameless'],
        ['done', ''],
      ],
    );
    assert.deepEqual(
      strict.log.map((e) => [e.type, e.data]),
      [['done', '']],
    );
  });

  it('ends lines at CRLF by default, and with legacy: {strictLineFeeds: true} keeps the CR in the type and data', async function () {
    const body = 'Event: crlf\r\ndata: x\r\n\n';
    const lenient = record(connect(rawUrl(session('crlf'), body)), ['crlf', 'crlf\r']);
    const strict = record(connect(rawUrl(session('strict-lf'), body), { legacy: { strictLineFeeds: true } }), [
      'crlf',
      'crlf\r',
    ]);
    await lenient.until((r) => r.log.length === 1);
    await strict.until((r) => r.log.length === 1);
    assert.deepEqual(
      lenient.log.map((e) => [e.type, e.data]),
      [['crlf', 'x']],
    );
    assert.deepEqual(
      strict.log.map((e) => [e.type, e.data]),
      [['crlf\r', 'x\r']],
    );
  });

  it('dispatches events that neither bubble nor are cancelable, whatever Bubbles, Cancelable and Target say', async function () {
    const s = session('flags');
    const source = connect(rawUrl(s, 'Event: e\nBubbles: Yes\nCancelable: Yes\nTarget: Document\ndata: d\n\n'));
    const [event] = await waitFor(source, 'e', 1, 3000);
    assert.equal(event.data, 'd');
    assert.equal(event.bubbles, false);
    assert.equal(event.cancelable, false);
    assert.equal(event.target, source);
  });

  it('reads the legacy type with parameters as UTF-8 (a charset parameter is ignored)', async function () {
    const s = session('charset');
    const source = connect(
      rawUrl(s, 'Event: caf\u00e9\ndata: \u20ac\n\n', { type: `${LEGACY_TYPE}; charset=iso-8859-1` }),
    );
    const [event] = await waitFor(source, 'caf\u00e9', 1, 3000);
    assert.equal(event.data, '\u20ac');
  });

  it('matches the legacy type case-insensitively, as MIME type essences are', async function () {
    const s = session('type-case');
    const source = connect(rawUrl(s, 'Event: e\ndata: upper\n\n', { type: 'Application/X-DOM-Event-Stream' }));
    const [event] = await waitFor(source, 'e', 1, 3000);
    assert.equal(event.data, 'upper');
  });

  it('discards an unterminated block when a legacy stream ends', async function () {
    const s = session('eof');
    const source = connect(rawUrl(s, 'Event: a\n\nEvent: b\ndata: 2\n', { end: true }));
    const events = record(source, ['a', 'b', 'error']);
    await events.until((r) => r.of('error').length === 1);
    source.close();
    assert.deepEqual(events.types(), ['a', 'error']);
    assert.equal(events.log[1].readyState, CONNECTING);
  });

  it('fails with event-too-large when a legacy block passes maxEventSize, counting the Event value too', async function () {
    const s = session('too-large');
    // Event (20 bytes) + data (13 bytes) = 33 > 32, although the data alone fits.
    const source = connect(rawUrl(s, 'Event: ok\n\nEvent: abcdefghijklmnopqrst\ndata: 0123456789abc\n\n'), {
      maxEventSize: 32,
    });
    const events = record(source, ['ok', 'abcdefghijklmnopqrst', 'error']);
    await events.until((r) => r.of('error').length === 1);
    assert.deepEqual(events.types(), ['ok', 'error']);
    assert.equal(events.log[1].code, 'event-too-large');
    assert.equal(source.readyState, CLOSED);
  });

  // On a fake clock (the timers option): the wait is checked to the millisecond, without sleeping 5 s.
  it('reconnects 5 s after a legacy stream ends, ignoring its retry line, and sends no Last-Event-ID', async function () {
    const s = session('reconnect');
    const clock = new FakeClock();
    const source = connect(rawUrl(s, 'retry: 20\nid: 7\nEvent: e\ndata: x\n\n', { end: true }), { timers: clock });
    const events = record(source, ['open', 'e', 'error']);
    await clock.waitForTimer(LEGACY_RECONNECT_MS);
    clock.advance(LEGACY_RECONNECT_MS - 1);
    assert.deepEqual(clock.pending(), [LEGACY_RECONNECT_MS], 'the reconnection is still to come');
    assert.equal(gets(s).length, 1, 'reconnected before 5 s');
    clock.advance(1);
    const [first, second] = await waitForGets(s, 2, 2000);
    assert.equal(first.headers['last-event-id'], undefined);
    assert.equal(second.headers['last-event-id'], undefined);
    await events.until((r) => r.of('e').length === 2);
    assert.deepEqual(
      events.log.filter((e) => e.type === 'e').map((e) => e.lastEventId),
      ['', ''],
    );
    assert.deepEqual(clock.scheduled, [LEGACY_RECONNECT_MS, LEGACY_RECONNECT_MS]);
  });

  it('sends no Last-Event-ID after a legacy stream and gives legacy events no lastEventId, even after a text/event-stream response set one', async function () {
    const s = session('switch');
    const clock = new FakeClock();
    const source = connect(server.url(`/s/${s}/legacy/switch`), { timers: clock });
    const events = record(source, ['message', 'legacy', 'again']);
    await clock.waitForTimer(20); // the standard stream's retry
    clock.advance(20);
    await clock.waitForTimer(LEGACY_RECONNECT_MS); // the legacy stream's retry line is ignored
    clock.advance(LEGACY_RECONNECT_MS);
    const requests = await waitForGets(s, 3, 2000);
    assert.deepEqual(
      requests.map((r) => r.headers['last-event-id']),
      [undefined, '42', undefined],
    );
    await events.until((r) => r.of('again').length === 1);
    assert.deepEqual(
      events.log.map((e) => [e.type, e.data]),
      [
        ['message', 'standard'],
        ['legacy', 'old'],
        ['again', '3'],
      ],
    );
    // The standard event carries its id; legacy events never carry one, not even an earlier stream's.
    assert.deepEqual(
      events.log.map((e) => e.lastEventId),
      ['42', '', ''],
    );
    assert.deepEqual(clock.scheduled, [20, LEGACY_RECONNECT_MS]);
  });

  it('fails an application/x-dom-event-stream response with bad-content-type and does not reconnect when legacy: false', async function () {
    const s = session('legacy-false');
    const clock = new FakeClock();
    const source = connect(rawUrl(s, 'Event: e\ndata: x\n\n', { end: true }), { legacy: false, timers: clock });
    const events = record(source, ['open', 'e', 'message', 'error']);
    await events.until((r) => r.of('error').length === 1);
    assert.deepEqual(clock.pending(), [], 'a reconnection is scheduled');
    assert.deepEqual(events.types(), ['error']);
    assert.equal(events.log[0].code, 'bad-content-type');
    assert.equal(events.log[0].readyState, CLOSED);
    assert.equal(gets(s).length, 1);
  });

  it('reads a text/event-stream response with the standard dialect, where Event: and ; lines are unknown fields', async function () {
    const s = session('standard');
    const body = 'Event: custom\ndata: x\n\nevent: std\ndata: y\n\n;comment\ndata: z\n\n';
    const clock = new FakeClock(); // the body ends: its error comes after every byte was parsed, and nothing reconnects
    const source = connect(rawUrl(s, body, { type: 'text/event-stream', end: true }), { timers: clock });
    const events = record(source, ['custom', 'std', 'message', 'error']);
    await events.until((r) => r.of('error').length === 1);
    assert.deepEqual(events.types(), ['message', 'std', 'message', 'error']);
    events.log.pop();
    assert.deepEqual(
      events.log.map((e) => [e.type, e.data]),
      [
        ['message', 'x'],
        ['std', 'y'],
        ['message', 'z'],
      ],
    );
  });

  it('keeps the standard dialect for text/event-stream when legacy options are given', async function () {
    const s = session('standard-with-options');
    const source = connect(rawUrl(s, 'data: a\r\n\r\n', { type: 'text/event-stream' }), {
      legacy: { strictLineFeeds: true, requireEventField: true },
    });
    const [event] = await waitFor(source, 'message', 1, 3000);
    assert.equal(event.data, 'a');
  });
});

describe("the legacy installers' options (Node)", function () {
  // A bad option throws before anything is installed, so this installs nothing in the test process.
  it('rejects a reconnectionTime that is not a whole number of milliseconds from 0 to 2^32 - 1, and timers without all three functions', function () {
    for (const reconnectionTime of [-1, 1.5, 2 ** 32, '40', NaN]) {
      assert.throws(
        () => installAddEventSource({ reconnectionTime }),
        (error) => error instanceof TypeError && /reconnectionTime/.test(error.message),
        String(reconnectionTime),
      );
    }
    assert.throws(
      () => installAddEventSource({ timers: { setTimeout, clearTimeout } }),
      (error) => error instanceof TypeError && /timers/.test(error.message),
    );
    assert.equal(typeof EventTarget.prototype.addEventSource, 'undefined', 'installed although an option was bad');
    assert.equal(installEventSourceElement({ reconnectionTime: -1 }), 'no-document'); // nothing to install in Node
  });
});

describe('which entry reads application/x-dom-event-stream (a fresh Node process each)', function () {
  const root = fileURLToPath(new URL('../../', import.meta.url));
  let server;

  before(async function () {
    server = await startServer();
  });

  after(async function () {
    await server?.close();
  });

  /**
   * Loads `entries` (ESM import or CommonJS require, by package name) in a fresh process, opens an
   * EventSource from the first on a legacy stream and prints what it saw: the first event's type, or
   * the error's code and readyState.
   */
  function firstOutcome(entries, { commonjs = false } = {}) {
    const url = server.url(`/raw?${new URLSearchParams({ type: LEGACY_TYPE, body: 'Event: tick\ndata: 1\n\n' })}`);
    const load = commonjs
      ? entries.map((entry, i) => `const entry${i} = require('${entry}');`).join('\n')
      : entries.map((entry, i) => `import * as entry${i} from '${entry}';`).join('\n');
    const code = `${load}
      const source = new entry0.EventSource(${JSON.stringify(url)});
      source.addEventListener('tick', (event) => { console.log('tick', event.data); source.close(); });
      source.onerror = (event) => { console.log(event.code, source.readyState); source.close(); };`;
    const args = commonjs ? ['-e', code] : ['--input-type=module', '-e', code];
    return new Promise((resolve, reject) => {
      execFile(process.execPath, args, { cwd: root, timeout: 10000 }, (error, stdout, stderr) =>
        error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout.trim()),
      );
    });
  }

  it('fails a legacy stream with bad-content-type from the standard entry alone, as the standard says', async function () {
    assert.equal(await firstOutcome(['eventsource-wasm']), `bad-content-type ${CLOSED}`);
  });

  it('reads a legacy stream with the legacy dialect once eventsource-wasm/legacy is imported', async function () {
    assert.equal(await firstOutcome(['eventsource-wasm', 'eventsource-wasm/legacy']), 'tick 1');
  });

  it('fails a legacy stream from the CommonJS standard entry alone, and reads it once the legacy entry is required', async function () {
    assert.equal(await firstOutcome(['eventsource-wasm'], { commonjs: true }), `bad-content-type ${CLOSED}`);
    assert.equal(await firstOutcome(['eventsource-wasm', 'eventsource-wasm/legacy'], { commonjs: true }), 'tick 1');
  });
});
