// The request options (extensions: method, headers, body, credentials, signal, fetch), part of the
// EventSource behaviour suite (event-source-behaviour.js): run in Node over node:http and fetch, and in
// Chromium over fetch and XHR; pending on the native EventSource, which has none of them.
import * as assert from './assert.js';
import { record, waitFor } from './events.js';

const CLOSED = 2;

/** The request /echo-request saw: { method, headers, body }, from the first message. */
async function echoed(source, count = 1) {
  const messages = await waitFor(source, 'message', count);
  return messages.map((message) => JSON.parse(message.data));
}

function isTypeError(error) {
  assert.ok(error instanceof TypeError, `expected a TypeError, got ${error}`);
  return true;
}

export function requestOptionTests(t) {
  describe('request options (extensions)', function () {
    t.extensionTest(
      'sends the headers option (an object) with the request, Accept still text/event-stream',
      async function () {
        const source = t.connect('/echo-request', { headers: { Authorization: 'Bearer abc', 'X-Client': 'tests' } });
        const [{ method, headers }] = await echoed(source);
        assert.equal(method, 'GET');
        assert.equal(headers.authorization, 'Bearer abc');
        assert.equal(headers['x-client'], 'tests');
        assert.equal(headers.accept, 'text/event-stream');
      },
    );

    t.extensionTest(
      "takes headers as a Headers object or as [name, value] pairs, and a caller's Accept replaces the default",
      async function () {
        const fromHeaders = t.connect('/echo-request', {
          headers: new Headers({ 'X-One': '1', Accept: 'text/event-stream, */*' }),
        });
        const fromPairs = t.connect('/echo-request', { headers: [['X-Two', '2']] });
        const [[a], [b]] = await Promise.all([echoed(fromHeaders), echoed(fromPairs)]);
        assert.equal(a.headers['x-one'], '1');
        assert.equal(a.headers.accept, 'text/event-stream, */*');
        assert.equal(b.headers['x-two'], '2');
        assert.equal(b.headers.accept, 'text/event-stream');
      },
    );

    t.extensionTest(
      'streams a chat completion: POST, a JSON body and a bearer token, data chunks until [DONE]',
      async function () {
        const source = t.connect('/chat', {
          method: 'POST',
          headers: { Authorization: 'Bearer test-key', 'Content-Type': 'application/json' },
          body: JSON.stringify({
            model: 'test',
            stream: true,
            messages: [{ role: 'user', content: 'tell me three words' }],
          }),
        });
        let text = '';
        const done = new Promise((resolve, reject) => {
          source.onmessage = (event) => {
            if (event.data === '[DONE]') return resolve(source.close());
            text += JSON.parse(event.data).choices[0].delta.content;
          };
          source.onerror = (event) => reject(new Error(`error ${event.code} ${event.status ?? ''}`));
        });
        await done;
        assert.equal(text, 'tell me three words');
        const [request] = await t.requests({ pathname: '/chat' });
        assert.equal(request.method, 'POST');
        assert.equal(request.headers['content-type'], 'application/json');
        assert.deepEqual(JSON.parse(request.body).messages, [{ role: 'user', content: 'tell me three words' }]);
      },
    );

    const bodies = [
      ['a string', () => 'caf\u00e9=1', 'caf\u00e9=1', 'text/plain;charset=UTF-8'],
      ['bytes', () => new TextEncoder().encode('{"a":1}'), '{"a":1}', undefined],
      [
        'URLSearchParams',
        () => new URLSearchParams({ q: 'a b', n: '1' }),
        'q=a+b&n=1',
        'application/x-www-form-urlencoded;charset=UTF-8',
      ],
      ['a Blob with a type', () => new Blob(['<x/>'], { type: 'application/xml' }), '<x/>', 'application/xml'],
    ];
    for (const [kind, make, text, type] of bodies) {
      t.extensionTest(
        `sends ${kind} as the body, with the Content-Type fetch gives it (${type ?? 'none'})`,
        async function () {
          const [{ method, headers, body }] = await echoed(
            t.connect('/echo-request', { method: 'POST', body: make() }),
          );
          assert.equal(method, 'POST');
          assert.equal(body, text);
          assert.equal(headers['content-type'], type);
        },
      );
    }

    t.extensionTest(
      "sends the same method, headers and body again on each reconnection; the resumed Last-Event-ID wins over the caller's",
      async function () {
        const source = t.connect('/echo-request?retry=20&id=resumed&end=1', {
          method: 'PUT',
          headers: { 'Last-Event-ID': 'stored', 'X-Kept': 'yes' },
          body: 'same body',
        });
        const requests = await echoed(source, 2);
        source.close();
        assert.deepEqual(
          requests.map((r) => [r.method, r.body, r.headers['x-kept'], r.headers['last-event-id']]),
          [
            ['PUT', 'same body', 'yes', 'stored'],
            ['PUT', 'same body', 'yes', 'resumed'],
          ],
        );
      },
    );

    t.extensionTest(
      'closes the source when the signal option aborts: CLOSED, no error, no reconnection',
      async function () {
        const controller = new AbortController();
        const source = t.connect('/counter?n=1&retry=20', { signal: controller.signal, timers: t.clock() });
        const events = record(source);
        await waitFor(source, 'message');
        controller.abort();
        assert.equal(source.readyState, CLOSED);
        await t.settled(source);
        assert.deepEqual(events.types(), ['open', 'message']);
        assert.equal((await t.gets('/counter')).length, 1);
      },
    );

    t.extensionTest('makes no request at all for a signal that is already aborted', async function () {
      const source = t.connect('/counter?n=1', { signal: AbortSignal.abort(), timers: t.clock() });
      assert.equal(source.readyState, CLOSED);
      // A source made later starts its request once the core is loaded, after this one would have.
      await waitFor(t.connect('/echo'), 'message');
      await t.settled(source, { pathname: '/counter' });
      assert.equal((await t.gets('/counter')).length, 0);
    });

    t.extensionTest("reflects credentials: 'include' in withCredentials", function () {
      assert.equal(t.connect('/never', { credentials: 'include' }).withCredentials, true);
      assert.equal(t.connect('/never', { withCredentials: true, credentials: 'same-origin' }).withCredentials, false);
    });

    t.testFor(
      ['node', 'fetch'],
      "makes its requests with the fetch option, given the request's URL and init",
      async function () {
        const seen = [];
        const fetchOption = (url, init) => {
          seen.push([String(url), init.method, new Headers(init.headers).get('x-via')]);
          return globalThis.fetch(url, init);
        };
        const source = t.connect('/counter?n=1', {
          fetch: fetchOption,
          transport: 'fetch',
          headers: { 'X-Via': 'custom' },
        });
        await waitFor(source, 'message');
        assert.deepEqual(seen, [[t.at('/counter?n=1'), 'GET', 'custom']]);
      },
    );

    t.testFor(['node'], 'drops Authorization on a redirect to another origin, keeps other headers', async function () {
      const target = t.crossAt('/echo-request');
      const source = t.connect(`/redirect?code=307&to=${encodeURIComponent(target)}`, {
        headers: { Authorization: 'Bearer secret', 'X-Kept': 'yes' },
      });
      const [{ headers }] = await echoed(source);
      assert.equal(headers.authorization, undefined);
      assert.equal(headers['x-kept'], 'yes');
    });

    t.extensionTest('throws a TypeError at construction for a request it could never make', function () {
      const url = t.at('/never');
      const cases = [
        { body: 'x' }, // a GET with a body
        { method: 'HEAD', body: 'x' },
        { method: 'TRACE' },
        { method: 'not a token' },
        { headers: { 'bad name': 'x' } },
        { headers: 'Accept: x' },
        { body: new ReadableStream(), method: 'POST' },
        { credentials: 'sometimes' },
        { fetch: 'not a function' },
        { signal: {} },
      ];
      // A custom fetch with another transport (the 'fetch' flavour's page always asks for fetch).
      if (t.flavour !== 'fetch') cases.push({ fetch: globalThis.fetch, transport: 'xhr' });
      for (const init of cases) {
        assert.throws(
          () => new t.EventSource(url, init),
          isTypeError,
          `no TypeError for ${JSON.stringify(Object.keys(init))}`,
        );
      }
    });
  });
}
