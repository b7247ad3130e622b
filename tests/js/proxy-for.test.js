// Which proxy a request of the http transport takes (js/transports/proxy-for.js): the option, the environment
// under NODE_USE_ENV_PROXY=1 or proxy: 'env', and NO_PROXY as curl documents it (CURLOPT_NOPROXY). The
// proxy itself is exercised in tests/js/proxy.test.js, through tinyproxy.
import assert from 'node:assert/strict';

import { bypassesProxy, proxyFor } from '../../js/transports/proxy-for.js';

const HTTP = new URL('http://api.example.com/stream');
const HTTPS = new URL('https://api.example.com/stream');
const href = (url) => url?.href ?? null;

describe('proxyFor', function () {
  it('uses a proxy URL given as the option, whatever the environment and NO_PROXY say', function () {
    const env = { NO_PROXY: '*', HTTP_PROXY: 'http://other:1' };
    assert.equal(href(proxyFor(HTTP, 'http://proxy.local:3128/', env)), 'http://proxy.local:3128/');
    assert.equal(href(proxyFor(HTTPS, 'http://proxy.local:3128/', env)), 'http://proxy.local:3128/');
  });

  it('reads the environment by default only with NODE_USE_ENV_PROXY=1; proxy: false never does', function () {
    const env = { HTTP_PROXY: 'http://proxy.local:3128' };
    assert.equal(proxyFor(HTTP, undefined, env), null);
    assert.equal(href(proxyFor(HTTP, undefined, { ...env, NODE_USE_ENV_PROXY: '1' })), 'http://proxy.local:3128/');
    assert.equal(href(proxyFor(HTTP, 'env', env)), 'http://proxy.local:3128/');
    assert.equal(proxyFor(HTTP, false, { ...env, NODE_USE_ENV_PROXY: '1' }), null);
  });

  it('takes the lower-case name first, HTTPS_PROXY for https: and HTTP_PROXY where it is unset', function () {
    const env = { http_proxy: 'http://lower:1', HTTP_PROXY: 'http://upper:1', HTTPS_PROXY: 'http://secure:1' };
    assert.equal(href(proxyFor(HTTP, 'env', env)), 'http://lower:1/');
    assert.equal(href(proxyFor(HTTPS, 'env', env)), 'http://secure:1/');
    assert.equal(href(proxyFor(HTTPS, 'env', { https_proxy: 'http://a:1', HTTPS_PROXY: 'http://b:1' })), 'http://a:1/');
    assert.equal(href(proxyFor(HTTPS, 'env', { HTTP_PROXY: 'http://upper:1' })), 'http://upper:1/');
    assert.equal(proxyFor(HTTP, 'env', { HTTPS_PROXY: 'http://secure:1' }), null, 'an https proxy is not an http one');
    assert.equal(proxyFor(HTTP, 'env', {}), null);
    assert.equal(proxyFor(HTTP, 'env', { HTTP_PROXY: '' }), null);
  });

  it('takes a proxy without a scheme as an http: one', function () {
    assert.equal(href(proxyFor(HTTP, 'env', { HTTP_PROXY: 'proxy.local:3128' })), 'http://proxy.local:3128/');
  });

  it('skips the proxy for hosts NO_PROXY names (lower case first)', function () {
    const env = { HTTP_PROXY: 'http://proxy:1', no_proxy: 'example.com', NO_PROXY: 'other.org' };
    assert.equal(proxyFor(HTTP, 'env', env), null);
    assert.equal(href(proxyFor(new URL('http://other.org/'), 'env', env)), 'http://proxy:1/');
  });
});

describe('bypassesProxy (NO_PROXY as curl reads it)', function () {
  const bypasses = (url, list) => bypassesProxy(new URL(url), list);

  it('matches a name itself and the hosts under it, not a name that merely ends the same', function () {
    assert.ok(bypasses('http://ample.com/', 'ample.com'));
    assert.ok(bypasses('http://ample.com:8080/', 'ample.com'), "the URL's port is not compared");
    assert.ok(!bypasses('http://ample.com:8080/', 'ample.com:8080'), 'an entry with a port matches no host');
    assert.ok(bypasses('http://www.ample.com/', 'ample.com'));
    assert.ok(!bypasses('http://www.example.com/', 'ample.com'));
    assert.ok(!bypasses('http://ample.com.org/', 'ample.com'));
  });

  it('ignores a leading dot, a trailing dot, case and the spaces around entries', function () {
    assert.ok(bypasses('http://ample.com/', '.ample.com'));
    assert.ok(bypasses('http://www.ample.com./', ' other.org , AMPLE.COM. '));
  });

  it('matches every host with * alone, and none with an empty list', function () {
    assert.ok(bypasses('http://anything.test/', '*'));
    assert.ok(bypasses('http://anything.test/', 'a.test,*'));
    assert.ok(!bypasses('http://anything.test/', ''));
    assert.ok(!bypasses('http://anything.test/', '*.test'), 'no other wildcard');
  });

  it('matches IP addresses exactly, or within a CIDR network, IPv6 written without brackets', function () {
    assert.ok(bypasses('http://127.0.0.1:8080/', '127.0.0.1'));
    assert.ok(!bypasses('http://127.0.0.2/', '127.0.0.1'));
    assert.ok(bypasses('http://192.168.4.20/', '192.168.0.0/16'));
    assert.ok(!bypasses('http://192.169.4.20/', '192.168.0.0/16'));
    assert.ok(bypasses('http://10.1.2.3/', '0.0.0.0/0'));
    assert.ok(bypasses('http://[::1]:3000/', '::1'));
    assert.ok(bypasses('http://[2001:db8::42]/', '2001:db8::/32'));
    assert.ok(!bypasses('http://[2001:db9::42]/', '2001:db8::/32'));
    assert.ok(!bypasses('http://[::1]/', '127.0.0.1'), 'no match across address families');
    assert.ok(!bypasses('http://localhost/', '127.0.0.1'), 'names are not resolved');
  });
});
