// Opens one request of the node:http transport (http-exchange.js): straight to the server, or through an
// HTTP proxy (proxy-for.js). Through a proxy, an http: URL is asked of the proxy in absolute form
// (`GET http://host/path HTTP/1.1`); an https: URL goes through a CONNECT tunnel, inside which TLS runs to
// the server as it would directly. Credentials in the proxy URL go as Proxy-Authorization: Basic.
// The `tls` option (ca, cert, key, passphrase, rejectUnauthorized, servername) applies to the server's TLS.

/**
 * A ClientRequest for `url` (a URL) with { method, headers (an object) }, through `proxy` (a URL, or null),
 * with `tls` (the option, js/options/network-options.js, or undefined) for an https: URL. Errors reach the request's 'error'
 * event; a proxy that refuses the tunnel is one with code ERR_PROXY_TUNNEL and the proxy's `status`
 * (throughProxy() names the proxy in the others).
 */
export function openHttpRequest(url, { method, headers }, proxy, tls) {
  const builtin = getBuiltin(url.protocol === 'https:' ? 'node:https' : 'node:http');
  const secure = url.protocol === 'https:' ? tls : undefined;
  if (proxy === null) return builtin.request(url, { method, headers, ...secure, ...ownAgent(url.protocol) });
  if (proxy.protocol !== 'http:') {
    // From the environment (the option accepts http: only); throughProxy() names it.
    throw new TypeError(`it is not an http: URL (only HTTP proxies are supported)`);
  }
  const proxyAuthorization = basicCredentials(proxy);
  const toProxy = { host: proxy.hostname.replace(/^\[|\]$/g, ''), port: proxy.port || 80 };
  if (url.protocol === 'http:') {
    // The absolute form, without the fragment; Host names the server, not the proxy.
    const target = new URL(url);
    target.hash = '';
    return builtin.request({
      ...ownAgent('http:'),
      ...toProxy,
      method,
      path: target.href,
      headers: { ...headers, Host: url.host, ...proxyAuthorization },
    });
  }
  // No agent then (as with the https Agent's own connections, SNI names the host unless it is an address).
  const servername = getBuiltin('node:net').isIP(url.hostname.replace(/^\[|\]$/g, '')) ? undefined : url.hostname;
  return builtin.request(url, {
    method,
    headers,
    servername,
    ...secure,
    // Called by the ClientRequest: the TLS socket once the tunnel stands, or its error.
    createConnection: (options, done) => {
      openTunnel(toProxy, url, proxyAuthorization).then(
        (socket) => done(null, getBuiltin('node:tls').connect({ ...options, socket })),
        (error) => done(error),
      );
    },
  });
}

/** `error` of a request through `proxy` before any response came: the message names the proxy, the code stays. */
export function throughProxy(error, proxy) {
  const named = new Error(`eventsource-wasm: through the proxy ${proxy.origin}: ${error.message}`, { cause: error });
  for (const name of ['code', 'status']) if (error[name] !== undefined) named[name] = error[name];
  return named;
}

// With NODE_USE_ENV_PROXY=1, Node 24 and later give their global agents the environment's proxy: requests
// then take agents of their own, so that what proxy-for.js decided (none, for proxy: false or a NO_PROXY
// host; or this proxy, asked in absolute form) is what happens. Keep-alive, as the global agents have it.
const ownAgents = {};
function ownAgent(protocol) {
  if (globalThis.process.env.NODE_USE_ENV_PROXY !== '1') return {};
  ownAgents[protocol] ??= new (getBuiltin(protocol === 'https:' ? 'node:https' : 'node:http').Agent)({
    keepAlive: true,
  });
  return { agent: ownAgents[protocol] };
}

// CONNECT host:port through the proxy: the raw socket once it answers 2xx.
function openTunnel(toProxy, url, proxyAuthorization) {
  const authority = `${url.hostname}:${url.port || 443}`;
  return new Promise((resolve, reject) => {
    const connect = getBuiltin('node:http').request({
      ...ownAgent('http:'),
      ...toProxy,
      method: 'CONNECT',
      path: authority,
      headers: { Host: authority, ...proxyAuthorization },
    });
    connect.on('connect', (response, socket) => {
      if (response.statusCode >= 200 && response.statusCode < 300) return resolve(socket);
      socket.destroy();
      const status = `${response.statusCode}${response.statusMessage ? ` ${response.statusMessage}` : ''}`;
      const error = new Error(`it refused the tunnel to ${authority}: ${status}`);
      reject(Object.assign(error, { code: 'ERR_PROXY_TUNNEL', status: response.statusCode }));
    });
    connect.on('error', reject);
    connect.end();
  });
}

// The proxy URL's user and password (percent-decoded) as Proxy-Authorization: Basic.
function basicCredentials(proxy) {
  if (proxy.username === '' && proxy.password === '') return {};
  const pair = `${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`;
  return { 'Proxy-Authorization': `Basic ${Buffer.from(pair, 'utf8').toString('base64')}` };
}

function getBuiltin(name) {
  return globalThis.process.getBuiltinModule(name);
}
