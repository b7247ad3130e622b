// End-to-end tests of EventSource in Node against a real HTTP server on 127.0.0.1 (see ../server/): the
// shared behaviour suite (../behaviour/, also run in Chromium by browser.test.js) with flavour 'node',
// once per Node transport (node:http, the default, and fetch), and the tests that only make sense in Node.
import assert from 'node:assert/strict';

import { EventSource } from '../../js/index.js';
import { defineEventSourceBehaviour } from '../behaviour/event-source-behaviour.js';
import { waitFor } from '../behaviour/events.js';
import { startServer } from '../server/sse-test-server.js';

/** The transports that run in Node: node:http (what 'auto' picks here) and fetch. */
const NODE_TRANSPORTS = ['http', 'fetch'];

/** EventSource with `transport` as the default of its init dictionary. */
function withTransport(transport) {
  return class extends EventSource {
    constructor(url, init) {
      super(url, { transport, ...init });
    }
  };
}

describe('EventSource end to end', function () {
  let server;

  before(async function () {
    server = await startServer({ crossOrigin: true });
  });

  after(async function () {
    await server?.close();
  });

  for (const transport of NODE_TRANSPORTS) {
    describe(`over the ${transport} transport`, function () {
      defineEventSourceBehaviour({
        EventSource: withTransport(transport),
        flavour: 'node',
        url: (path) => server.url(path),
        crossOriginUrl: (path) => server.crossOriginUrl(path),
        // Over HTTP, as in the browsers and runtimes: a request the client started earlier is logged
        // by the time the server answers (t.settled relies on it).
        requests: async (session) =>
          (await fetch(server.url(`/__requests?session=${encodeURIComponent(session)}`))).json(),
      });
    });
  }

  describe('transport selection in Node', function () {
    const sources = [];
    const connect = (url, init) => {
      const source = new EventSource(url, init);
      sources.push(source);
      return source;
    };
    afterEach(function () {
      for (const source of sources.splice(0)) source.close();
    });

    // undici's fetch adds Sec-Fetch-Mode and its own User-Agent; node:http sends neither (js/transports/node-http-transport.js).
    for (const [init, expected] of [
      [{}, 'http'],
      [{ transport: 'auto' }, 'http'],
      [{ transport: 'http' }, 'http'],
      [{ transport: 'fetch' }, 'fetch'],
    ]) {
      it(`makes its requests with ${expected} when the transport option is ${init.transport ?? 'not given'}`, async function () {
        const [message] = await waitFor(connect(server.url('/echo'), init), 'message');
        const headers = JSON.parse(message.data);
        assert.equal(headers['sec-fetch-mode'], expected === 'fetch' ? 'cors' : undefined);
        assert.equal(headers.accept, 'text/event-stream');
      });
    }

    it('reads a data: URL with the default transport, through fetch as before', async function () {
      const [message] = await waitFor(connect('data:text/event-stream,data:%20inline%0A%0A'), 'message');
      assert.equal(message.data, 'inline');
    });

    it("fails a data: URL with transport 'http', which has no request to make for it, and reconnects", async function () {
      const source = connect('data:text/event-stream,data:%20inline%0A%0A', { transport: 'http' });
      const [error] = await waitFor(source, 'error');
      assert.equal(error.code, 'reconnecting');
    });

    it('names the http transport among the choices when the transport option is unknown', function () {
      assert.throws(() => new EventSource(server.url('/never'), { transport: 'websocket' }), {
        name: 'TypeError',
        message: /'http'/,
      });
    });
  });
});
