// eventsource-wasm/parser: the fixture corpus through createParser (whole and one byte at a time), its
// limits, reset and free, and EventSourceParserStream over a real response from the test server.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createParser, EventSourceParserStream, ParseError } from '../../js/parser.js';
import { normalizeCase } from '../fixtures/stream-case.js';
import { startServer } from '../server/sse-test-server.js';
import { oneByteAtATime } from './helpers/recording-sink.js';

const cases = JSON.parse(readFileSync(new URL('../fixtures/stream-cases.json', import.meta.url), 'utf8')).map((raw) =>
  normalizeCase(raw, 'standard'),
);

async function parseAll(chunks, options = {}) {
  const events = [];
  const errors = [];
  const parser = await createParser({
    ...options,
    onEvent: (event) => events.push(event),
    onError: (error) => errors.push(error),
  });
  try {
    for (const chunk of chunks) parser.feed(chunk);
  } catch (error) {
    assert.equal(error, errors[0], 'feed() threw something other than what onError got');
  }
  parser.free();
  return { events, errors };
}

describe('eventsource-wasm/parser', function () {
  it('dispatches what the standard says for every standard corpus case, whole and one byte at a time', async () => {
    assert.ok(cases.length >= 40);
    for (const streamCase of cases) {
      const expected = streamCase.events.map(({ type, data, lastEventId }) => ({ type, data, id: lastEventId }));
      for (const chunks of [[streamCase.input], oneByteAtATime(streamCase.input)]) {
        const { events, errors } = await parseAll(chunks, streamCase.limits ?? {});
        assert.deepEqual(events, expected, streamCase.name);
        assert.deepEqual(
          errors.map((e) => e.code),
          streamCase.error === null ? [] : [streamCase.error],
          streamCase.name,
        );
      }
    }
  });

  it('takes text as well as bytes, and keeps the last event ID across events', async () => {
    const { events } = await parseAll([
      'id: 7\ndata: a\n\n',
      'event: up\ndata: b\n',
      '\n',
      new TextEncoder().encode('data: é\n\n'),
    ]);
    assert.deepEqual(events, [
      { type: 'message', data: 'a', id: '7' },
      { type: 'up', data: 'b', id: '7' },
      { type: 'message', data: 'é', id: '7' },
    ]);
  });

  it('stops past a limit: onError once with a ParseError, and feed() throws it until reset()', async () => {
    const errors = [];
    const events = [];
    const parser = await createParser({
      maxLineLength: 8,
      onEvent: (event) => events.push(event),
      onError: (error) => errors.push(error),
    });
    assert.throws(
      () => parser.feed('data: 0123456789\n\n'),
      (error) => error instanceof ParseError && error.code === 'line-too-long',
    );
    assert.throws(() => parser.feed('data: ok\n\n'), ParseError);
    assert.equal(errors.length, 1);
    assert.match(errors[0].message, /maxLineLength \(8 bytes\)/);
    parser.reset(); // a new stream parses again
    parser.feed('data:ok\n\n'); // 7 bytes: within the limit
    assert.deepEqual(
      events.map((e) => e.data),
      ['ok'],
    );
    parser.free();
  });

  it('reset() drops an unfinished event and the last event ID; free() makes feed() throw until reset()', async () => {
    const events = [];
    const parser = await createParser({ onEvent: (event) => events.push(event) });
    parser.feed('id: 1\ndata: unfinished');
    parser.reset();
    parser.feed('\n\ndata: next\n\n');
    assert.deepEqual(events, [{ type: 'message', data: 'next', id: '' }]);
    parser.free();
    assert.throws(() => parser.feed('data: x\n\n'), /freed/);
    parser.reset();
    parser.feed('data: back\n\n');
    assert.equal(events.at(-1).data, 'back');
    parser.free();
  });

  it('rejects bad options with errors that name them', async () => {
    await assert.rejects(createParser({}), { name: 'TypeError', message: /onEvent must be a function/ });
    await assert.rejects(createParser({ onEvent() {}, maxEventSize: 0 }), {
      name: 'RangeError',
      message: /createParser option maxEventSize/,
    });
    const parser = await createParser({ onEvent() {} });
    assert.throws(() => parser.feed(42), TypeError);
    parser.free();
  });

  describe('EventSourceParserStream', function () {
    let server;
    before(async () => {
      server = await startServer();
    });
    after(() => server.close());

    it('turns a fetched response body into events, chunked by the network as it comes', async () => {
      const response = await fetch(server.url('/counter?n=3&end=1'));
      const events = [];
      for await (const event of response.body.pipeThrough(new EventSourceParserStream())) events.push(event);
      assert.deepEqual(
        events,
        [1, 2, 3].map((k) => ({ type: 'message', data: String(k), id: String(k) })),
      );
    });

    it('errors the stream with the ParseError past a limit', async () => {
      const response = await fetch(server.url('/long-line?len=100'));
      const reader = response.body.pipeThrough(new EventSourceParserStream({ maxLineLength: 50 })).getReader();
      assert.deepEqual(await reader.read(), { done: false, value: { type: 'message', data: 'ok', id: '' } });
      await assert.rejects(reader.read(), (error) => error instanceof ParseError && error.code === 'line-too-long');
    });
  });
});
