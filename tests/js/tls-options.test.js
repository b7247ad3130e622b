// The `tls` option of Node's http transport against real https test servers signed by a CA of the tests' own
// (tests/js/helpers/test-certificates.js): trusting that CA, not checking, the name checked (servername), a
// server that requires a client certificate (cert, key, passphrase); and the system store as Node 22+ reads
// it with --use-system-ca or NODE_USE_SYSTEM_CA=1, in a Node script of its own.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { EventSource } from '../../js/index.js';
import { startServer } from '../server/sse-test-server.js';
import { waitFor } from './helpers/events.js';
import { otherRuntimes } from './helpers/runtimes.js';
import { CLIENT_KEY_PASSPHRASE, makeTestCertificates } from './helpers/test-certificates.js';

const INDEX = fileURLToPath(new URL('../../js/index.js', import.meta.url));

describe('tls option (https servers signed by a test CA)', function () {
  this.timeout(20000);
  let certs;
  let server; // certificate for 127.0.0.1 and localhost
  let named; // certificate for sse.test only
  let mutual; // requires a client certificate the test CA signed
  const sources = [];
  const open = (url, init) => {
    const source = new EventSource(url, init);
    sources.push(source);
    return source;
  };
  // The first message's data, or the first error event (closing the source either way).
  const first = async (source) => {
    const event = await Promise.race([waitFor(source, 'message'), waitFor(source, 'error')]).then(([e]) => e);
    source.close();
    return event;
  };

  before(async function () {
    certs = await makeTestCertificates();
    server = await startServer({ https: certs.server });
    named = await startServer({ https: certs.named });
    mutual = await startServer({
      https: { ...certs.server, ca: certs.ca, requestCert: true, rejectUnauthorized: true },
    });
  });
  afterEach(() => sources.splice(0).forEach((source) => source.close()));
  after(async () => {
    await Promise.all([server, named, mutual].map((s) => s?.close()));
    await certs?.remove();
  });

  it('trusts a server its ca signed, and refuses it without (the TLS error as cause, reconnecting)', async function () {
    const trusted = await first(open(server.url('/counter?n=1'), { tls: { ca: certs.ca } }));
    assert.equal(trusted.type, 'message');
    assert.equal(trusted.data, '1');
    const refused = await first(open(server.url('/counter?n=1')));
    assert.equal(refused.code, 'reconnecting');
    assert.equal(refused.cause.code, 'UNABLE_TO_VERIFY_LEAF_SIGNATURE');
  });

  it('does not check the certificate with rejectUnauthorized: false', async function () {
    const event = await first(open(server.url('/counter?n=1'), { tls: { rejectUnauthorized: false } }));
    assert.equal(event.data, '1');
  });

  it('checks the certificate against servername instead of the URL host', async function () {
    const mismatch = await first(open(named.url('/counter?n=1'), { tls: { ca: certs.ca } }));
    assert.equal(mismatch.cause.code, 'ERR_TLS_CERT_ALTNAME_INVALID');
    const event = await first(open(named.url('/counter?n=1'), { tls: { ca: certs.ca, servername: 'sse.test' } }));
    assert.equal(event.data, '1');
  });

  it('presents a client certificate (cert, key and its passphrase) to a server that requires one', async function () {
    const { cert, key } = certs.client;
    const url = mutual.url('/counter?n=1');
    const event = await first(open(url, { tls: { ca: certs.ca, cert, key, passphrase: CLIENT_KEY_PASSPHRASE } }));
    assert.equal(event.data, '1');
    const without = await first(open(url, { tls: { ca: certs.ca } }));
    assert.equal(without.code, 'reconnecting', 'the server hangs up on a client without a certificate');
    const wrong = await first(open(url, { tls: { ca: certs.ca, cert, key, passphrase: 'not it' } }));
    assert.equal(wrong.code, 'reconnecting');
    assert.match(String(wrong.cause?.message), /bad decrypt|passphrase/i);
    assert.equal(mutual.requests.length, 1, 'only the source with the certificate was served');
  });

  it('takes only the members node:tls has, at construction', function () {
    assert.throws(() => new EventSource(server.url('/'), { tls: { certificate: 'x' } }), {
      name: 'TypeError',
      message: /tls has no member certificate; it takes ca, cert, key, passphrase, rejectUnauthorized, servername/,
    });
    assert.throws(() => new EventSource(server.url('/'), { tls: { ca: certs.ca }, transport: 'fetch' }), {
      name: 'TypeError',
      message: /transport must be 'http' or 'http2' \(or none\) with the tls option/,
    });
  });

  it('trusts the system store where Node 24 is asked to (--use-system-ca, NODE_USE_SYSTEM_CA=1)', async function () {
    this.timeout(240000); // installs the pinned Node the first time (tests/js/helpers/runtimes.js)
    const { node24 } = await otherRuntimes();
    const script = `
      import { EventSource } from ${JSON.stringify(INDEX)};
      const source = new EventSource(${JSON.stringify(server.url('/counter?n=1'))});
      source.onmessage = (e) => { console.log('message', e.data); source.close(); };
      source.onerror = (e) => { console.log('error', e.cause?.code); source.close(); };`;
    // OpenSSL's SSL_CERT_FILE names the system store's file: here, the test CA alone.
    const env = { PATH: process.env.PATH, SSL_CERT_FILE: join(certs.dir, 'ca.pem') };
    const run = (args, extra = {}) =>
      new Promise((resolve) => {
        const child = spawn(node24, [...args, '--input-type=module', '-e', script], { env: { ...env, ...extra } });
        let out = '';
        child.stdout.on('data', (chunk) => (out += chunk));
        child.on('exit', () => resolve(out.trim()));
      });
    assert.equal(await run([]), 'error UNABLE_TO_VERIFY_LEAF_SIGNATURE');
    assert.equal(await run(['--use-system-ca']), 'message 1');
    assert.equal(await run([], { NODE_USE_SYSTEM_CA: '1' }), 'message 1');
  });
});
