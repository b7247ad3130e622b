// What an `error` event tells (extensions): the failed response's status, statusText, headers and the
// start of its body; the Content-Type that was refused; the underlying network error; a request that
// can never be made failing once. Part of the EventSource behaviour suite (event-source-behaviour.js).
import * as assert from './assert.js';
import { record, waitFor } from './events.js';

const CLOSED = 2;
const BODY_LIMIT = 4096; // js/connection/failed-body.js FAILED_BODY_LIMIT

/** A loopback URL whose port refuses connections: port 2, privileged, unused, and not one of fetch's "bad ports". */
const REFUSED_URL = 'http://127.0.0.1:2/';

export function errorDetailTests(t) {
  describe('error details (extensions)', function () {
    t.extensionTest(
      "gives a failed response's status, statusText, headers and body text on its error: a 401 with a JSON reason",
      async function () {
        const source = t.connect('/chat', {
          method: 'POST',
          headers: { Authorization: 'Bearer wrong' },
          body: '{}',
          timers: t.clock(),
        });
        const events = record(source);
        const [error] = await waitFor(source, 'error');
        assert.equal(error.code, 'bad-status');
        assert.equal(error.status, 401);
        assert.equal(error.statusText, 'Unauthorized');
        assert.equal(error.headers.get('content-type'), 'application/json');
        assert.equal(error.body, '{"error":"invalid key"}');
        assert.match(error.message, /401 Unauthorized/);
        assert.equal(source.readyState, CLOSED);
        assert.equal(Object.getPrototypeOf(error), Event.prototype, 'error stays a plain Event');
        await t.settled(source);
        assert.deepEqual(events.types(), ['error']);
      },
    );

    t.extensionTest("keeps the first 4 KiB of a failed response's body", async function () {
      const source = t.connect(`/raw?code=500&type=text/plain&body=${'x'.repeat(BODY_LIMIT + 1000)}`);
      const [error] = await waitFor(source, 'error', 1, 4000);
      assert.equal(error.status, 500);
      assert.equal(error.body, 'x'.repeat(BODY_LIMIT));
    });

    t.extensionTest("fires a failed response's error with what its body sent when the body stalls", async function () {
      // Not text/plain: Chromium's XHR holds a body it MIME-sniffs back until 1024 bytes have arrived.
      // Real time (1 s, the polyfill's wait for the rest of a failed body): on a fake clock the test could not
      // tell when "partial" has been read, to advance the clock only then.
      const source = t.connect('/raw?code=503&type=application/json&body=partial');
      const [error] = await waitFor(source, 'error', 1, 4000);
      assert.equal(error.status, 503);
      assert.equal(error.body, 'partial');
    });

    t.extensionTest('names the Content-Type it refused in the message', async function () {
      const source = t.connect('/content-type?type=text/html&end=1');
      const [error] = await waitFor(source, 'error', 1, 4000);
      assert.equal(error.code, 'bad-content-type');
      assert.match(error.message, /"text\/html"/);
      assert.equal(error.headers.get('content-type'), 'text/html');
    });

    for (const [what, url] of [
      ['a URL with credentials', () => t.at('/counter?n=1').replace('://', '://user:secret@')],
      ['a scheme fetch cannot request', () => 'ftp://127.0.0.1/stream'],
    ]) {
      t.extensionTest(`fails the connection once, making no request, for ${what}`, async function () {
        const source = t.connect(url(), { timers: t.clock() });
        const events = record(source);
        const [error] = await waitFor(source, 'error');
        assert.equal(error.code, 'invalid-request');
        assert.equal(source.readyState, CLOSED);
        assert.ok(error.cause instanceof TypeError, `cause ${error.cause}`);
        assert.ok(!error.message.includes('secret'), error.message);
        await t.settled(source);
        assert.deepEqual(events.types(), ['error']);
        assert.equal((await t.gets('/counter')).length, 0);
      });
    }

    t.testFor(
      ['node'],
      'gives the socket error of a refused connection as cause and in the message, and reconnects',
      async function () {
        const source = t.connect(REFUSED_URL);
        const [error] = await waitFor(source, 'error');
        source.close();
        assert.equal(error.code, 'reconnecting');
        assert.equal(error.cause?.code, 'ECONNREFUSED');
        assert.match(error.message, /ECONNREFUSED/);
      },
    );

    t.testFor(['node'], 'gives ENOTFOUND as cause for a host that does not resolve', async function () {
      const source = t.connect('http://nonexistent.invalid/stream');
      const [error] = await waitFor(source, 'error', 1, 4000);
      source.close();
      assert.equal(error.cause?.code, 'ENOTFOUND');
      assert.match(error.message, /ENOTFOUND/);
    });
  });
}
