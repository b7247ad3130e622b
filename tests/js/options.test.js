// The non-standard EventSource options are validated when the source is constructed, with clear errors.
import assert from 'node:assert/strict';
import http from 'node:http';
import { EventSource } from '../../js/index.js';

const url = 'http://127.0.0.1:9/never-contacted';

describe('EventSource options', function () {
  const construct = (init) => {
    const source = new EventSource(url, init);
    source.close(); // before the core loads: no request is ever made
    return source;
  };

  it('accepts the defaults and every documented option', () => {
    construct(undefined);
    construct({});
    construct({ withCredentials: true, transport: 'auto', maxLineLength: 10, maxEventSize: 20, xhrResponseLimit: 1 });
    construct({ transport: 'fetch', xhrResponseLimit: Infinity });
  });

  it('rejects an unknown transport with a TypeError naming the choices', () => {
    assert.throws(() => construct({ transport: 'websocket' }), {
      name: 'TypeError',
      message: /'auto', 'fetch' or 'xhr'/,
    });
    assert.throws(() => construct({ transport: 'toString' }), TypeError);
  });

  it('rejects the XHR transport where XMLHttpRequest does not exist, as in Node', () => {
    assert.equal(typeof XMLHttpRequest, 'undefined');
    assert.throws(() => construct({ transport: 'xhr' }), {
      name: 'TypeError',
      message: /transport must be available in this runtime, got 'xhr'/,
    });
  });

  it("checks proxy and tls at construction, and names the runtime where Node's transports are missing", () => {
    construct({ proxy: 'http://user:pass@127.0.0.1:3128', tls: { rejectUnauthorized: false } });
    construct({ proxy: 'env', transport: 'http' });
    construct({ proxy: false, transport: 'fetch' }); // no proxy asks for no particular transport
    construct({ tls: { servername: 'x.test' }, transport: 'http2' });
    assert.throws(() => construct({ proxy: 'socks5://127.0.0.1:1080' }), {
      name: 'TypeError',
      message: /only HTTP proxies/,
    });
    assert.throws(() => construct({ proxy: 'http://127.0.0.1:1', transport: 'http2' }), {
      name: 'TypeError',
      message: /with the proxy option/,
    });
    assert.throws(() => construct({ tls: { passphrase: 1 } }), {
      name: 'TypeError',
      message: /tls\.passphrase must be a string/,
    });
    // A browser, a worker or an edge runtime: no process.getBuiltinModule, so no node:http.
    const getBuiltinModule = process.getBuiltinModule;
    process.getBuiltinModule = undefined;
    try {
      assert.throws(() => construct({ proxy: 'http://127.0.0.1:1' }), {
        name: 'TypeError',
        message: "EventSource option proxy is for Node's http transports, which this runtime does not have.",
      });
    } finally {
      process.getBuiltinModule = getBuiltinModule;
    }
  });

  it('rejects limits that are not whole numbers of bytes from 1 to 2^31-1 with a RangeError', () => {
    for (const bad of [0, -1, 1.5, 2 ** 31, '10', NaN]) {
      assert.throws(() => construct({ maxLineLength: bad }), RangeError, `maxLineLength ${bad}`);
      assert.throws(() => construct({ maxEventSize: bad }), RangeError, `maxEventSize ${bad}`);
    }
  });

  it('rejects an xhrResponseLimit below one byte with a RangeError', () => {
    for (const bad of [0, -5, NaN, '1']) assert.throws(() => construct({ xhrResponseLimit: bad }), RangeError);
  });

  it('rejects a shared option other than true, false or { worker }, and what cannot reach a shared worker', () => {
    for (const bad of [1, 'yes', {}, { worker: 3 }]) {
      assert.throws(
        () => construct({ shared: bad }),
        { name: 'TypeError', message: /option shared must be true, false or \{ worker/ },
        String(bad),
      );
    }
    const fetch = async () => new Response('');
    assert.throws(() => construct({ shared: true, fetch }), {
      name: 'TypeError',
      message: /option fetch cannot be used with shared: true/,
    });
    const timers = { setTimeout, clearTimeout, now: Date.now };
    assert.throws(() => construct({ shared: true, timers }), {
      name: 'TypeError',
      message: /option timers cannot be used with shared: true/,
    });
    assert.throws(() => construct({ shared: true, retry: { random: () => 0.5 } }), {
      name: 'TypeError',
      message: /retry.random cannot be used/,
    });
    assert.throws(() => construct({ shared: true, method: 'POST', body: new Uint8Array(2) }), {
      name: 'TypeError',
      message: /body must be a string with shared: true/,
    });
    construct({ shared: false, fetch });
    construct({
      shared: { worker: 'https://example.com/shared-worker.js' },
      method: 'POST',
      body: 'x',
      retry: { maxAttempts: 2 },
    });
  });

  it('gives a shared source a connection of its own where pages cannot share, as in Node', async () => {
    const server = http.createServer((req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/event-stream' });
      res.write('id: 1\ndata: own\n\n');
    });
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const source = new EventSource(`http://127.0.0.1:${server.address().port}/`, { shared: true });
      const event = await new Promise((resolve, reject) => {
        source.onmessage = resolve;
        source.onerror = () => reject(new Error('error event'));
      });
      source.close();
      assert.deepEqual([event.data, event.lastEventId], ['own', '1']);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});
