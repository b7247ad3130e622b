// The `proxy` option of Node's http transport, through a real forward proxy (tinyproxy, started by the tests)
// to the real test server over http and, through a CONNECT tunnel, over https: events, reconnection with
// Last-Event-ID, redirects, the proxy's credentials, what fails and how it says so, and the environment
// (HTTP_PROXY, HTTPS_PROXY, NO_PROXY, NODE_USE_ENV_PROXY) read by a Node script in a process of its own.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

import { EventSource } from '../../js/index.js';
import { startServer } from '../server/sse-test-server.js';
import { record, waitFor } from './helpers/events.js';
import { freePort } from './helpers/free-port.js';
import { otherRuntimes } from './helpers/runtimes.js';
import { makeTestCertificates } from './helpers/test-certificates.js';
import { startTinyproxy } from './helpers/tinyproxy.js';

const CLOSED = 2;
const INDEX = fileURLToPath(new URL('../../js/index.js', import.meta.url));

// The requests the test server saw for `pathname`, with the Via header tinyproxy adds to what it forwards.
function seen(server, pathname) {
  return server.requests.filter((r) => r.pathname === pathname);
}

// tinyproxy's log lines of the requests it was asked (`GET http://... HTTP/1.1`, `CONNECT host:port HTTP/1.1`).
function proxied(proxy) {
  return [...proxy.log().matchAll(/Request \(file descriptor \d+\): (.*)/g)].map((m) => m[1]);
}

describe('proxy option (tinyproxy)', function () {
  this.timeout(20000);
  let server;
  let secure;
  let certs;
  let proxy;
  const sources = [];
  const open = (url, init) => {
    const source = new EventSource(url, init);
    sources.push(source);
    return source;
  };

  before(async function () {
    certs = await makeTestCertificates();
    server = await startServer();
    secure = await startServer({ https: certs.server });
    proxy = await startTinyproxy({ connectPorts: [new URL(secure.origin).port] });
  });
  afterEach(() => sources.splice(0).forEach((source) => source.close()));
  after(async () => {
    await proxy?.stop();
    await server?.close();
    await secure?.close();
    await certs?.remove();
  });

  it('streams an http: URL through the proxy, asked in absolute form, and resumes through it with Last-Event-ID', async function () {
    const source = open(server.url('/counter?n=2&retry=20&end=1'), { proxy: proxy.url });
    const events = record(source);
    await events.until((r) => r.of('open').length === 2);
    source.close();
    assert.deepEqual(events.data().slice(0, 2), ['1', '2']);
    const requests = seen(server, '/counter');
    assert.ok(requests.length >= 2, `${requests.length} requests`);
    for (const request of requests) assert.match(request.headers.via ?? '', /tinyproxy/, 'the proxy forwarded it');
    assert.equal(requests[0].headers['last-event-id'], undefined);
    assert.equal(requests[1].headers['last-event-id'], '2');
    assert.equal(requests[0].headers.host, new URL(server.origin).host, 'Host names the server, not the proxy');
    const asked = proxied(proxy).filter((line) => line.includes('/counter'));
    assert.ok(
      asked.length >= 2 && asked.every((line) => line.startsWith(`GET ${server.url('/counter')}`)),
      asked.join('\n'),
    );
  });

  it('follows a redirect through the proxy', async function () {
    const to = server.url('/counter?n=1&tag=redirected');
    const source = open(server.url(`/redirect?to=${encodeURIComponent(to)}`), { proxy: proxy.url });
    const [message] = await waitFor(source, 'message');
    assert.equal(message.data, '1');
    assert.equal(message.origin, server.origin);
    const target = seen(server, '/counter').filter((r) => r.path.includes('tag=redirected'));
    assert.equal(target.length, 1);
    assert.match(target[0].headers.via ?? '', /tinyproxy/);
  });

  it('streams an https: URL through a CONNECT tunnel, trusting the server by the tls option', async function () {
    const source = open(secure.url('/counter?n=2'), { proxy: proxy.url, tls: { ca: certs.ca } });
    const events = record(source);
    await events.until((r) => r.data().length === 2);
    assert.deepEqual(events.data(), ['1', '2']);
    const authority = new URL(secure.origin).host;
    assert.ok(proxied(proxy).includes(`CONNECT ${authority} HTTP/1.1`), proxied(proxy).join('\n'));
    assert.equal(seen(secure, '/counter')[0].headers.via, undefined, 'a tunnel: the proxy did not read the request');
  });

  it('reconnects when the proxy refuses the tunnel, with the error saying so (ERR_PROXY_TUNNEL, its status)', async function () {
    const refusing = await startTinyproxy({ connectPorts: [1] });
    try {
      const source = open(secure.url('/counter?n=1&tag=refused'), { proxy: refusing.url, tls: { ca: certs.ca } });
      const [error] = await waitFor(source, 'error');
      source.close();
      assert.equal(error.code, 'reconnecting');
      assert.equal(error.cause.code, 'ERR_PROXY_TUNNEL');
      assert.equal(error.cause.status, 403);
      assert.match(
        error.message,
        new RegExp(`through the proxy ${refusing.url}: it refused the tunnel to 127\\.0\\.0\\.1:\\d+: 403`),
      );
      assert.equal(seen(secure, '/counter').filter((r) => r.path.includes('tag=refused')).length, 0);
    } finally {
      await refusing.stop();
    }
  });

  it('fails each request through an https: proxy from the environment, saying so, as a network error', async function () {
    const saved = process.env.http_proxy;
    process.env.http_proxy = 'https://127.0.0.1:1'; // read at each request (the option refuses one at construction)
    try {
      const source = open(server.url('/counter?n=1&tag=https-proxy'), { proxy: 'env' });
      const [error] = await waitFor(source, 'error');
      source.close();
      assert.equal(error.code, 'reconnecting');
      assert.match(
        error.message,
        /through the proxy https:\/\/127\.0\.0\.1:1: it is not an http: URL \(only HTTP proxies are supported\)/,
      );
      assert.equal(seen(server, '/counter').filter((r) => r.path.includes('tag=https-proxy')).length, 0);
    } finally {
      if (saved === undefined) delete process.env.http_proxy;
      else process.env.http_proxy = saved;
    }
  });

  it('says it was the proxy that could not be reached', async function () {
    const nowhere = `http://127.0.0.1:${await freePort()}`;
    const source = open(server.url('/counter?n=1'), { proxy: nowhere });
    const [error] = await waitFor(source, 'error');
    source.close();
    assert.equal(error.code, 'reconnecting');
    assert.equal(error.cause.code, 'ECONNREFUSED');
    assert.match(error.message, new RegExp(`through the proxy ${nowhere}: .*ECONNREFUSED`));
  });

  describe('with credentials', function () {
    let guarded;
    before(async () => {
      guarded = await startTinyproxy({
        connectPorts: [new URL(secure.origin).port],
        basicAuth: { user: 'sse', password: 'secret-pw' },
      });
    });
    after(() => guarded?.stop());

    it("sends the proxy URL's user and password as Proxy-Authorization, over http and for the tunnel", async function () {
      const withCredentials = guarded.url.replace('://', '://sse:secret%2Dpw@'); // percent-decoded before it is sent
      const plain = open(server.url('/counter?n=1&tag=auth'), { proxy: withCredentials });
      const tunnelled = open(secure.url('/counter?n=1&tag=auth'), { proxy: withCredentials, tls: { ca: certs.ca } });
      const [[a], [b]] = await Promise.all([waitFor(plain, 'message'), waitFor(tunnelled, 'message')]);
      assert.equal(a.data, '1');
      assert.equal(b.data, '1');
      const forwarded = seen(server, '/counter').find((r) => r.path.includes('tag=auth'));
      assert.equal(forwarded.headers['proxy-authorization'], undefined, 'the proxy keeps its credentials');
    });

    it("fails on the proxy's 407 without them, as fetch reports a proxy's answer (the tunnel reconnects)", async function () {
      const plain = open(server.url('/counter?n=1'), { proxy: guarded.url });
      const tunnelled = open(secure.url('/counter?n=1'), { proxy: guarded.url, tls: { ca: certs.ca } });
      const [[a], [b]] = await Promise.all([waitFor(plain, 'error'), waitFor(tunnelled, 'error')]);
      tunnelled.close();
      assert.equal(a.code, 'bad-status');
      assert.equal(a.status, 407);
      assert.equal(plain.readyState, CLOSED);
      assert.equal(b.code, 'reconnecting');
      assert.equal(b.cause.status, 407);
    });
  });

  // Node 24 and later give their own global agents the environment's proxy under NODE_USE_ENV_PROXY=1 (a
  // proxy: false or a NO_PROXY host must still go straight), which Node 20 and 22 do not.
  for (const [name, binaryOf] of [
    [`Node ${process.versions.node.split('.')[0]}`, () => process.execPath],
    ['Node 24', async () => (await otherRuntimes()).node24],
  ]) {
    describe(`from the environment, in a Node script of its own (${name})`, function () {
      let node;
      before(async function () {
        this.timeout(240000); // installs the pinned Node the first time (tests/js/helpers/runtimes.js)
        node = await binaryOf();
      });
      const tagged = (tag) => `${tag}-${name.replace(' ', '')}`;

      // Runs a script that opens one source with `init`, prints its first message's data or its first
      // error's code and message, and exits.
      function runScript(url, init, env) {
        const script = `
          import { EventSource } from ${JSON.stringify(INDEX)};
          const source = new EventSource(${JSON.stringify(url)}, ${init});
          source.onmessage = (e) => { console.log('message', e.data); source.close(); };
          source.onerror = (e) => { console.log('error', e.code, e.message); source.close(); };`;
        const child = spawn(node, ['--no-warnings', '--input-type=module', '-e', script], {
          env: { PATH: process.env.PATH, ...env },
        });
        let out = '';
        child.stdout.on('data', (chunk) => (out += chunk));
        child.stderr.on('data', (chunk) => (out += chunk));
        return new Promise((resolve) => child.on('exit', (code) => resolve({ code, out: out.trim() })));
      }
      const via = (tag) => seen(server, '/counter').find((r) => r.path.includes(`tag=${tagged(tag)}`))?.headers.via;
      const url = (tag) => server.url(`/counter?n=1&tag=${tagged(tag)}`);

      it("goes through HTTP_PROXY by default only where NODE_USE_ENV_PROXY=1 asks for it, as Node's fetch", async function () {
        const on = await runScript(url('env-on'), '{}', { HTTP_PROXY: proxy.url, NODE_USE_ENV_PROXY: '1' });
        const off = await runScript(url('env-off'), '{}', { HTTP_PROXY: proxy.url });
        const asked = await runScript(url('env-asked'), "{ proxy: 'env' }", { http_proxy: proxy.url });
        const refused = await runScript(url('env-false'), '{ proxy: false }', {
          HTTP_PROXY: proxy.url,
          NODE_USE_ENV_PROXY: '1',
        });
        for (const run of [on, off, asked, refused]) assert.deepEqual(run, { code: 0, out: 'message 1' });
        assert.match(via('env-on') ?? '', /tinyproxy/);
        assert.equal(via('env-off'), undefined);
        assert.match(via('env-asked') ?? '', /tinyproxy/);
        assert.equal(via('env-false'), undefined);
      });

      it('goes straight to the hosts NO_PROXY names, and tunnels https: through HTTPS_PROXY', async function () {
        const env = { NODE_USE_ENV_PROXY: '1', HTTP_PROXY: proxy.url, HTTPS_PROXY: proxy.url };
        const direct = await runScript(url('no-proxy'), '{}', { ...env, NO_PROXY: 'example.com, 127.0.0.0/8' });
        assert.deepEqual(direct, { code: 0, out: 'message 1' });
        assert.equal(via('no-proxy'), undefined);
        const before = proxied(proxy).length;
        const tls = `{ tls: { ca: ${JSON.stringify(certs.ca.toString())} } }`;
        const tunnelled = await runScript(secure.url('/counter?n=1'), tls, { ...env, NO_PROXY: 'localhost' });
        assert.deepEqual(tunnelled, { code: 0, out: 'message 1' });
        assert.ok(
          proxied(proxy)
            .slice(before)
            .includes(`CONNECT ${new URL(secure.origin).host} HTTP/1.1`),
        );
      });
    });
  }
});
