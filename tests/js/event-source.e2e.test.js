// End-to-end tests of EventSource against a real Node HTTP server on 127.0.0.1 (see ../server/).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { EventSource } from '../../js/index.js';
import { startServer } from '../server/sse-test-server.js';
import { record, sleep, waitFor, waitUntil } from './helpers/events.js';

const CONNECTING = 0;
const OPEN = 1;
const CLOSED = 2;

// How long a test watches for something that must not happen (a reconnect, a late event). Every
// stream that could reconnect sets `retry: 20` first, so this is over ten reconnection times.
const QUIET_MS = 300;

describe('EventSource end to end', function () {
  let server;
  let sources;

  beforeEach(async function () {
    server = await startServer();
    sources = [];
  });

  afterEach(async function () {
    for (const source of sources) source.close();
    await server.close();
  });

  /** Creates an EventSource for a path on the test server; afterEach closes it. */
  function connect(path, init) {
    const source = new EventSource(server.url(path), init);
    sources.push(source);
    return source;
  }

  /** The GET requests the server received for `pathname`. */
  function gets(pathname) {
    return server.requests.filter((r) => r.method === 'GET' && r.pathname === pathname);
  }

  function lastEventIdHeaders(pathname) {
    return gets(pathname).map((r) => r.headers['last-event-id']);
  }

  describe('interface', function () {
    it('exposes CONNECTING, OPEN and CLOSED as 0, 1 and 2 on the constructor, prototype and instances', function () {
      const source = connect('/never');
      for (const [name, value] of [['CONNECTING', 0], ['OPEN', 1], ['CLOSED', 2]]) {
        assert.equal(EventSource[name], value, `EventSource.${name}`);
        assert.equal(EventSource.prototype[name], value, `EventSource.prototype.${name}`);
        assert.equal(source[name], value, `source.${name}`);
      }
    });

    it('is an EventTarget', function () {
      assert.ok(connect('/never') instanceof EventTarget);
    });

    it('calls listeners added with addEventListener and stops calling one removed with removeEventListener', async function () {
      const source = connect('/multi?n=3');
      const removed = [];
      const kept = [];
      const removable = (event) => removed.push(event.data);
      source.addEventListener('message', removable);
      source.addEventListener('message', (event) => {
        kept.push(event.data);
        source.removeEventListener('message', removable);
      });
      await waitUntil(() => kept.length === 3, 2000, () => `kept=${JSON.stringify(kept)}`);
      assert.deepEqual(kept, ['1', '2', '3']);
      assert.deepEqual(removed, ['1']);
    });

    it('starts CONNECTING and is OPEN when the open event fires', async function () {
      const source = connect('/counter?n=1');
      assert.equal(source.readyState, CONNECTING);
      let stateAtOpen;
      source.onopen = () => {
        stateAtOpen = source.readyState;
      };
      await waitFor(source, 'open');
      assert.equal(stateAtOpen, OPEN);
      assert.equal(source.readyState, OPEN);
    });

    it('returns the serialization of the absolute URL it parsed from the url attribute', function () {
      const port = new URL(server.origin).port;
      const source = new EventSource(`HTTP://127.0.0.1:${port}/a/../counter?n=1`);
      sources.push(source);
      assert.equal(source.url, `${server.origin}/counter?n=1`);
    });

    it('converts a non-string url argument to a string before parsing it', function () {
      const target = server.url('/counter?n=1');
      const fromUrl = new EventSource(new URL(target));
      const fromObject = new EventSource({ toString: () => target });
      sources.push(fromUrl, fromObject);
      assert.equal(fromUrl.url, target);
      assert.equal(fromObject.url, target);
    });

    it('throws a SyntaxError DOMException for a URL that cannot be parsed', function () {
      assert.throws(() => new EventSource('http://[bad'), (error) => {
        assert.ok(error instanceof DOMException, `expected a DOMException, got ${error}`);
        assert.equal(error.name, 'SyntaxError');
        return true;
      });
    });

    it('throws a SyntaxError DOMException for a relative URL, since Node has no base URL', function () {
      assert.throws(() => new EventSource('/counter?n=1'), (error) => {
        assert.ok(error instanceof DOMException, `expected a DOMException, got ${error}`);
        assert.equal(error.name, 'SyntaxError');
        return true;
      });
    });

    it('reports withCredentials as false by default and as true when the init dictionary sets it', function () {
      assert.equal(connect('/never').withCredentials, false);
      assert.equal(connect('/never', {}).withCredentials, false);
      assert.equal(connect('/never', { withCredentials: false }).withCredentials, false);
      assert.equal(connect('/never', { withCredentials: true }).withCredentials, true);
    });

    it('delivers open, message and error to the onopen, onmessage and onerror attributes', async function () {
      const source = connect('/counter?n=1&retry=20&end=1');
      const calls = [];
      const onopen = (event) => calls.push(`open:${event.type}`);
      const onmessage = (event) => calls.push(`message:${event.data}`);
      const onerror = (event) => calls.push(`error:${event.type}`);
      Object.assign(source, { onopen, onmessage, onerror });
      assert.equal(source.onopen, onopen);
      assert.equal(source.onmessage, onmessage);
      assert.equal(source.onerror, onerror);
      await waitUntil(() => calls.length >= 3, 2000, () => JSON.stringify(calls));
      assert.deepEqual(calls.slice(0, 3), ['open:open', 'message:1', 'error:error']);
    });

    it('fires open and error as plain Events and messages as MessageEvents', async function () {
      const source = connect('/counter?n=1&retry=20&end=1');
      const events = record(source);
      await events.until((r) => r.of('error').length >= 1);
      const [open] = events.of('open');
      const [message] = events.of('message');
      const [error] = events.of('error');
      assert.ok(open.event instanceof Event);
      assert.ok(!(open.event instanceof MessageEvent), 'open must not be a MessageEvent');
      assert.ok(message.event instanceof MessageEvent);
      assert.ok(error.event instanceof Event);
      assert.ok(!(error.event instanceof MessageEvent), 'error must not be a MessageEvent');
      assert.equal(open.event.bubbles, false);
      assert.equal(open.event.cancelable, false);
    });
  });

  describe('requests', function () {
    it('sends Accept: text/event-stream and Cache-Control: no-cache, without Last-Event-ID, on the first request', async function () {
      const source = connect('/echo');
      const [message] = await waitFor(source, 'message');
      const echoed = JSON.parse(message.data);
      assert.equal(echoed.accept, 'text/event-stream');
      assert.equal(echoed['cache-control'], 'no-cache');
      assert.equal(echoed['last-event-id'], undefined);
      assert.equal(gets('/echo').length, 1);
    });

    it('sends the last event ID string as Last-Event-ID, with the same Accept and Cache-Control, when it reconnects', async function () {
      const source = connect('/echo?retry=20&id=abc&end=1');
      const messages = await waitFor(source, 'message', 2);
      const [first, second] = messages.map((m) => JSON.parse(m.data));
      assert.equal(first['last-event-id'], undefined);
      assert.equal(second['last-event-id'], 'abc');
      assert.equal(second.accept, 'text/event-stream');
      assert.equal(second['cache-control'], 'no-cache');
    });

    it('encodes a non-ASCII last event ID as UTF-8 in the Last-Event-ID header', async function () {
      const id = 'caf\u00e9 \u20ac';
      const source = connect(`/echo?retry=20&end=1&id=${encodeURIComponent(id)}`);
      const messages = await waitFor(source, 'message', 2);
      assert.equal(messages[0].lastEventId, id);
      // Node's HTTP parser reads header bytes as Latin-1, so undo that to get the bytes sent.
      const received = gets('/echo')[1].headers['last-event-id'];
      assert.equal(Buffer.from(received, 'latin1').toString('utf8'), id);
    });

    for (const code of [301, 302, 307, 308]) {
      it(`follows a ${code} redirect and delivers the target's events`, async function () {
        const source = connect(`/redirect?code=${code}`);
        const events = record(source);
        await events.until((r) => r.of('message').length === 3);
        assert.deepEqual(events.data(), ['1', '2', '3']);
        assert.equal(events.of('message')[0].origin, server.origin);
        assert.equal(source.url, server.url(`/redirect?code=${code}`));
        assert.equal(gets('/counter').length, 1);
      });
    }

    it("sets the origin of messages to the final URL's origin after a cross-origin redirect", async function () {
      const other = await startServer();
      try {
        assert.notEqual(other.origin, server.origin);
        const target = other.url('/counter?n=2&retry=20');
        const source = connect(`/redirect?code=307&to=${encodeURIComponent(target)}`);
        const messages = await waitFor(source, 'message', 2);
        assert.deepEqual(messages.map((m) => m.origin), [other.origin, other.origin]);
        assert.deepEqual(messages.map((m) => m.data), ['1', '2']);
      } finally {
        await other.close();
      }
    });

    it('reconnects to the original URL, not the redirect target, and keeps url unchanged', async function () {
      const target = '/counter?n=2&retry=20&end=1';
      const path = `/redirect?code=302&to=${encodeURIComponent(target)}`;
      const source = connect(path);
      await waitUntil(() => gets('/redirect').length >= 2, 2000, () => JSON.stringify(server.requests));
      assert.equal(source.url, server.url(path));
      assert.equal(gets('/redirect')[1].headers['last-event-id'], '2');
    });
  });

  describe('stream format', function () {
    it('delivers the data, lastEventId and origin of each message in stream order', async function () {
      const source = connect('/counter?n=3');
      const messages = await waitFor(source, 'message', 3);
      assert.deepEqual(messages.map((m) => [m.data, m.lastEventId, m.origin]), [
        ['1', '1', server.origin],
        ['2', '2', server.origin],
        ['3', '3', server.origin],
      ]);
    });

    it('ignores one leading byte order mark', async function () {
      const source = connect('/bom?count=1');
      const messages = await waitFor(source, 'message', 2);
      assert.deepEqual(messages.map((m) => m.data), ['first', 'second']);
    });

    it('keeps a second byte order mark as part of the first field name, so the first event is lost', async function () {
      const source = connect('/bom?count=2');
      const [message] = await waitFor(source, 'message');
      assert.equal(message.data, 'second');
    });

    for (const style of ['lf', 'cr', 'crlf', 'mixed']) {
      it(`splits lines on ${style === 'mixed' ? 'a mix of CRLF, CR and LF' : style.toUpperCase()} line endings`, async function () {
        const source = connect(`/line-endings?style=${style}`);
        const messages = await waitFor(source, 'message', 3);
        assert.deepEqual(messages.map((m) => m.data), ['one', 'two\nlines', 'three']);
        assert.deepEqual(messages.map((m) => m.lastEventId), ['', '', '3']);
      });
    }

    it('dispatches an event whose final CR is the last byte received, without waiting for more bytes', async function () {
      const source = connect('/line-endings?style=cr&tail=0');
      const messages = await waitFor(source, 'message', 3);
      assert.equal(messages[2].data, 'three');
    });

    it('parses a stream that arrives one byte per chunk, through a BOM, CRLF, CR and multi-byte UTF-8', async function () {
      const source = connect('/trickle');
      const events = record(source, ['message', 'custom']);
      await events.until((r) => r.log.length === 3, 4000);
      assert.deepEqual(events.log.map(({ type, data, lastEventId }) => ({ type, data, lastEventId })), [
        { type: 'message', data: 'caf\u00e9 \u20ac \ud83d\ude00\nsecond line', lastEventId: '\u00e91' },
        { type: 'custom', data: 'cr', lastEventId: '\u00e91' },
        { type: 'message', data: 'lf', lastEventId: '\u00e91' },
      ]);
    });

    it('dispatches an event with an event field to listeners of that type and not to onmessage', async function () {
      const source = connect(`/raw?body=${encodeURIComponent('event: ping\ndata: p\n\ndata: m\n\n')}`);
      const onmessage = [];
      source.onmessage = (event) => onmessage.push(event.data);
      const [ping] = await waitFor(source, 'ping');
      await waitUntil(() => onmessage.length === 1);
      assert.ok(ping instanceof MessageEvent);
      assert.equal(ping.data, 'p');
      assert.deepEqual(onmessage, ['m']);
    });

    it('ignores comments and unknown fields and removes only one space after the colon', async function () {
      const body = ': comment\nfoo: bar\ndata:  two spaces\ndata:none\ndata\n\n';
      const source = connect(`/raw?body=${encodeURIComponent(body)}`);
      const [message] = await waitFor(source, 'message');
      assert.equal(message.data, ' two spaces\nnone\n');
    });

    it('dispatches neither a block without data nor data left unterminated when the body ends', async function () {
      const body = 'retry: 60000\nevent: x\n\n\n\ndata: real\n\ndata: unterminated\n';
      const source = connect(`/raw?end=1&body=${encodeURIComponent(body)}`);
      const events = record(source, ['open', 'message', 'error', 'x']);
      await events.until((r) => r.of('error').length === 1);
      assert.deepEqual(events.types(), ['open', 'message', 'error']);
      assert.deepEqual(events.data(), ['real']);
    });

    it('delivers a NUL in data and ignores an id field that contains a NUL', async function () {
      const body = 'id: good\ndata: a\n\nid: bad\0id\ndata: b\0c\n\n';
      const source = connect(`/raw?body=${encodeURIComponent(body)}`);
      const messages = await waitFor(source, 'message', 2);
      assert.deepEqual(messages.map((m) => [m.data, m.lastEventId]), [['a', 'good'], ['b\0c', 'good']]);
    });

    it('decodes invalid UTF-8 as U+FFFD', async function () {
      const source = connect(`/raw?hex=${Buffer.from('data: a\xffb\n\n', 'latin1').toString('hex')}`);
      const [message] = await waitFor(source, 'message');
      assert.equal(message.data, 'a\ufffdb');
    });
  });

  describe('reconnection', function () {
    it('fires error with readyState CONNECTING and code reconnecting when the body ends, then opens again', async function () {
      const source = connect('/counter?n=2&retry=20&end=1');
      const events = record(source);
      await events.until((r) => r.of('open').length === 2);
      assert.deepEqual(events.types().slice(0, 5), ['open', 'message', 'message', 'error', 'open']);
      const error = events.of('error')[0];
      assert.equal(error.readyState, CONNECTING);
      assert.equal(error.code, 'reconnecting');
      assert.equal(events.of('open')[1].readyState, OPEN);
    });

    it('reconnects after the time set by retry and ignores a retry value containing a non-digit', async function () {
      // If `retry: 60000x` were honoured (or `retry: 20` ignored) the reconnect would not come in time.
      const body = 'retry: 20\n\nretry: 60000x\n\ndata: x\n\n';
      connect(`/raw?end=1&body=${encodeURIComponent(body)}`);
      await waitUntil(() => gets('/raw').length >= 2, 2000, () => `requests: ${gets('/raw').length}`);
    });

    it('resumes from Last-Event-ID across reconnects without losing or repeating events', async function () {
      const source = connect('/counter?n=6&per=2&retry=20');
      const messages = await waitFor(source, 'message', 6);
      assert.deepEqual(messages.map((m) => m.data), ['1', '2', '3', '4', '5', '6']);
      assert.deepEqual(lastEventIdHeaders('/counter').slice(0, 3), [undefined, '2', '4']);
    });

    it('never dispatches an event cut off by a dropped connection, and resumes after it without loss or duplication', async function () {
      const source = connect('/drop?n=3&total=6&retry=20');
      const events = record(source);
      await events.until((r) => r.of('message').length >= 6);
      await sleep(100);
      assert.deepEqual(events.data(), ['1', '2', '3', '4', '5', '6']);
      assert.deepEqual(lastEventIdHeaders('/drop'), [undefined, '3']);
      assert.deepEqual(events.types().slice(0, 6), ['open', 'message', 'message', 'message', 'error', 'open']);
      assert.equal(events.of('error')[0].code, 'reconnecting');
    });

    it('keeps the last event ID for events without an id, including the first events after a reconnect', async function () {
      const source = connect('/ids');
      const messages = await waitFor(source, 'message', 5);
      assert.deepEqual(messages.map((m) => [m.data, m.lastEventId]), [
        ['first', 'a'],
        ['second', 'a'],
        ['third', 'b'],
        ['fourth', 'b'],
        ['fifth', 'c'],
      ]);
    });

    it('sends the id of a block without data as Last-Event-ID on the next reconnect', async function () {
      const source = connect('/ids');
      await waitFor(source, 'message', 5);
      assert.deepEqual(lastEventIdHeaders('/ids'), [undefined, 'b', 'c']);
    });

    it('resets the last event ID with an empty id field and then reconnects without Last-Event-ID', async function () {
      const source = connect('/id-reset');
      const messages = await waitFor(source, 'message', 3);
      assert.deepEqual(messages.map((m) => [m.data, m.lastEventId]), [['one', 'x'], ['two', ''], ['three', '']]);
      const second = gets('/id-reset')[1];
      assert.ok(!('last-event-id' in second.headers), `unexpected Last-Event-ID: ${second.headers['last-event-id']}`);
    });

    it('treats a network error as a reason to reconnect, not to fail', async function () {
      const source = connect('/network-error?fail=1');
      const [error] = await waitFor(source, 'error');
      assert.equal(error.code, 'reconnecting');
      assert.equal(source.readyState, CONNECTING);
    });

    it('keeps reconnecting through repeated network errors until a response succeeds', async function () {
      const source = connect('/network-error?good=1&fail=2');
      const events = record(source);
      await events.until((r) => r.data().includes('recovered'), 4000);
      assert.deepEqual(events.data(), ['good', 'recovered']);
      const errors = events.of('error');
      assert.equal(errors.length, 3);
      for (const error of errors) {
        assert.equal(error.readyState, CONNECTING);
        assert.equal(error.code, 'reconnecting');
      }
    });
  });

  describe('failing the connection', function () {
    function assertFailed(error, code, status) {
      assert.equal(error.readyState, CLOSED, 'readyState during the error event');
      assert.equal(error.code, code);
      assert.equal(error.status, status);
      assert.equal(typeof error.message, 'string');
      assert.ok(error.message.length > 0, 'error.message is empty');
    }

    for (const code of [204, 404, 500]) {
      it(`fails on status ${code}: one error with code bad-status and status ${code}, CLOSED, no open`, async function () {
        const source = connect(`/status?code=${code}`);
        const events = record(source);
        await events.until((r) => r.of('error').length === 1);
        await sleep(100);
        assert.deepEqual(events.types(), ['error']);
        assertFailed(events.log[0], 'bad-status', code);
        assert.equal(source.readyState, CLOSED);
      });

      it(`does not reconnect after status ${code} on a reconnect, although retry is 20 ms`, async function () {
        const source = connect(`/status?code=${code}&good=1`);
        const events = record(source);
        await events.until((r) => r.of('error').length === 2);
        await sleep(QUIET_MS);
        assert.equal(gets('/status').length, 2);
        assert.deepEqual(events.types(), ['open', 'message', 'error', 'error']);
        assert.equal(events.of('error')[0].code, 'reconnecting');
        assertFailed(events.of('error')[1], 'bad-status', code);
        assert.deepEqual(events.data(), ['good']);
        assert.equal(source.readyState, CLOSED);
      });
    }

    for (const type of ['text/plain', '']) {
      it(`fails on a 200 response ${type ? `of type ${type}` : 'without a Content-Type'} with code bad-content-type`, async function () {
        const source = connect(`/content-type?type=${encodeURIComponent(type)}`);
        const events = record(source);
        await events.until((r) => r.of('error').length === 1);
        await sleep(100);
        assert.deepEqual(events.types(), ['error']);
        assertFailed(events.log[0], 'bad-content-type', 200);
        assert.equal(source.readyState, CLOSED);
      });
    }

    it('does not reconnect after a wrong content type on a reconnect, although retry is 20 ms', async function () {
      const source = connect('/content-type?type=text%2Fplain&good=1');
      const events = record(source);
      await events.until((r) => r.of('error').length === 2);
      await sleep(QUIET_MS);
      assert.equal(gets('/content-type').length, 2);
      assertFailed(events.of('error')[1], 'bad-content-type', 200);
      assert.equal(source.readyState, CLOSED);
    });

    for (const type of ['text/event-stream; charset=windows-1252', 'TEXT/Event-Stream', 'text/event-stream;']) {
      it(`accepts Content-Type "${type}" and decodes the body as UTF-8`, async function () {
        const source = connect(`/content-type?type=${encodeURIComponent(type)}`);
        const events = record(source);
        await events.until((r) => r.of('message').length === 1);
        assert.deepEqual(events.types(), ['open', 'message']);
        assert.equal(events.log[1].data, 'caf\u00e9');
      });
    }
  });

  describe('limits', function () {
    async function expectFailure(source, pathname, code) {
      const events = record(source);
      await events.until((r) => r.of('error').length === 1);
      await sleep(QUIET_MS);
      assert.deepEqual(events.types(), ['open', 'message', 'error']);
      assert.deepEqual(events.data(), ['ok']);
      const error = events.of('error')[0];
      assert.equal(error.code, code);
      assert.equal(error.readyState, CLOSED);
      assert.equal(source.readyState, CLOSED);
      assert.equal(gets(pathname).length, 1, 'it must not reconnect');
    }

    it('fails with code line-too-long when a line exceeds maxLineLength, after delivering earlier events', async function () {
      const source = connect('/long-line?len=200', { maxLineLength: 100 });
      await expectFailure(source, '/long-line', 'line-too-long');
    });

    it('counts maxLineLength in UTF-8 bytes, not UTF-16 code units', async function () {
      // 40 × "é" is 80 bytes but 40 code units; with "data: " the line is 86 bytes, 46 code units.
      const source = connect(`/long-line?len=40&char=${encodeURIComponent('\u00e9')}`, { maxLineLength: 64 });
      await expectFailure(source, '/long-line', 'line-too-long');
    });

    it('delivers lines shorter than maxLineLength', async function () {
      const source = connect('/long-line?len=40', { maxLineLength: 64 });
      const messages = await waitFor(source, 'message', 3);
      assert.deepEqual(messages.map((m) => m.data), ['ok', 'x'.repeat(40), 'after']);
    });

    it('fails with code event-too-large when one event exceeds maxEventSize though each line is short', async function () {
      // Ten data lines of 50 bytes make 510 bytes of data.
      const source = connect('/big-event?lines=10&len=50', { maxEventSize: 200, maxLineLength: 100 });
      await expectFailure(source, '/big-event', 'event-too-large');
    });

    it('delivers events smaller than maxEventSize', async function () {
      const source = connect('/big-event?lines=3&len=50', { maxEventSize: 200, maxLineLength: 100 });
      const messages = await waitFor(source, 'message', 3);
      assert.deepEqual(messages.map((m) => m.data), ['ok', Array(3).fill('y'.repeat(50)).join('\n'), 'after']);
    });
  });

  describe('close()', function () {
    it('stops dispatch at once when called in a message handler, even for events parsed from the same chunk', async function () {
      const source = connect('/multi?n=3');
      const events = record(source);
      source.onmessage = () => source.close();
      await events.until((r) => r.of('message').length >= 1);
      await sleep(QUIET_MS); // the server writes "late" after 100 ms
      assert.deepEqual(events.data(), ['1']);
      assert.deepEqual(events.types(), ['open', 'message']);
      assert.equal(source.readyState, CLOSED);
    });

    it('dispatches no message when called in the open handler', async function () {
      const source = connect('/multi?n=3');
      const events = record(source);
      source.onopen = () => source.close();
      await events.until((r) => r.of('open').length === 1);
      await sleep(QUIET_MS);
      assert.deepEqual(events.types(), ['open']);
      assert.equal(source.readyState, CLOSED);
    });

    it('means no event ever fires when called right after the constructor', async function () {
      const source = connect('/counter?n=1&retry=20&end=1');
      const events = record(source);
      source.close();
      await sleep(QUIET_MS);
      assert.deepEqual(events.types(), []);
      assert.equal(source.readyState, CLOSED);
    });

    it('means open never fires when called before the response arrives', async function () {
      const source = connect('/counter?n=2&delay=150');
      const events = record(source);
      await waitUntil(() => gets('/counter').length === 1);
      source.close();
      assert.equal(source.readyState, CLOSED);
      await sleep(QUIET_MS + 150);
      assert.deepEqual(events.types(), []);
      assert.equal(source.readyState, CLOSED);
    });

    it('fires nothing afterwards although the server keeps sending', async function () {
      const source = connect('/tick?interval=20&retry=20');
      const events = record(source);
      await events.until((r) => r.of('message').length >= 2);
      source.close();
      const count = events.log.length;
      await sleep(QUIET_MS);
      assert.equal(events.log.length, count);
      assert.equal(source.readyState, CLOSED);
    });

    it('cancels the pending reconnect when called in the error handler', async function () {
      const source = connect('/counter?n=1&retry=20&end=1');
      const events = record(source);
      source.onerror = () => source.close();
      await events.until((r) => r.of('error').length === 1);
      await sleep(QUIET_MS);
      assert.equal(gets('/counter').length, 1);
      assert.deepEqual(events.types(), ['open', 'message', 'error']);
      assert.equal(source.readyState, CLOSED);
    });

    it('sets readyState to CLOSED without firing any event, and can be called twice', async function () {
      const source = connect('/counter?n=1&retry=20');
      await waitFor(source, 'message');
      const events = record(source);
      source.close();
      source.close();
      assert.equal(source.readyState, CLOSED);
      await sleep(100);
      assert.deepEqual(events.types(), []);
    });
  });

  describe('in Node', function () {
    const indexUrl = pathToFileURL(fileURLToPath(new URL('../../js/index.js', import.meta.url))).href;
    const child = `
      import { EventSource } from ${JSON.stringify(indexUrl)};
      const source = new EventSource(process.env.SSE_URL);
      const close = () => { source.close(); console.log('closed'); };
      if (process.env.CLOSE_ON === 'timeout') setTimeout(close, 500);
      else if (process.env.CLOSE_ON === 'never') source.onerror = () => console.log('waiting');
      else source.addEventListener(process.env.CLOSE_ON, close, { once: true });
    `;

    /** Runs the child script; resolves with its exit code, or with 'timeout' after killing it. */
    function runChild(url, closeOn, timeoutMs = 4000) {
      return new Promise((resolve) => {
        const proc = spawn(process.execPath, ['--input-type=module', '-e', child], {
          env: { ...process.env, SSE_URL: url, CLOSE_ON: closeOn },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let output = '';
        proc.stdout.on('data', (chunk) => (output += chunk));
        proc.stderr.on('data', (chunk) => (output += chunk));
        const timer = setTimeout(() => {
          proc.kill('SIGKILL');
          resolve({ code: 'timeout', output });
        }, timeoutMs);
        proc.on('exit', (code) => {
          clearTimeout(timer);
          resolve({ code, output });
        });
      });
    }

    it('lets the process exit after a source is closed while its connection is open', async function () {
      const { code, output } = await runChild(server.url('/counter?n=1&retry=60000'), 'message');
      assert.equal(code, 0, output);
      assert.match(output, /closed/);
    });

    it('lets the process exit after a source is closed while it waits to reconnect', async function () {
      const { code, output } = await runChild(server.url('/counter?n=1&retry=60000&end=1'), 'error');
      assert.equal(code, 0, output);
      assert.match(output, /closed/);
    });

    it('lets the process exit while an unclosed source only waits to reconnect', async function () {
      const { code, output } = await runChild(server.url('/counter?n=1&retry=60000&end=1'), 'never');
      assert.equal(code, 0, output);
      assert.match(output, /waiting/);
    });

    it('lets the process exit after a source is closed before its response arrives', async function () {
      const { code, output } = await runChild(server.url('/never'), 'timeout');
      assert.equal(code, 0, output);
      assert.match(output, /closed/);
      assert.equal(gets('/never').length, 1);
    });
  });
});
