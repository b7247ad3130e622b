// The options of `new EventSource(url, init)` for what lies between Node and the server, which only the
// node:http transport reads (js/transports/open-http-request.js): `proxy` and `tls`. Extensions, checked
// once at construction. The fetch transport has its `fetch` option for these (an undici dispatcher).
import { invalid } from './request-options.js';

/** The members the `tls` option may have, passed to node:tls as they are. */
export const TLS_OPTION_NAMES = ['ca', 'cert', 'key', 'passphrase', 'rejectUnauthorized', 'servername'];

/**
 * { proxy, tls } from the init dictionary:
 * - proxy: undefined (the default: the environment's proxy where NODE_USE_ENV_PROXY=1, as Node's fetch),
 *   false (none, whatever the environment says), 'env' (HTTP_PROXY, HTTPS_PROXY and NO_PROXY, see
 *   js/transports/proxy-for.js), or an http: proxy URL (a string or URL; user and password in it are sent
 *   as Proxy-Authorization), returned as its href.
 * - tls: undefined, or an object with some of ca, cert, key, passphrase, rejectUnauthorized and servername,
 *   as node:tls takes them, copied.
 * Throws a TypeError naming the option.
 */
export function readNetworkOptions(init) {
  return { proxy: readProxy(init?.proxy), tls: readTls(init?.tls) };
}

function readProxy(proxy) {
  if (proxy === undefined || proxy === null) return undefined;
  if (proxy === false || proxy === 'env') return proxy;
  const expected = "false, 'env' or an http: proxy URL";
  if (typeof proxy !== 'string' && !(proxy instanceof URL)) return invalid('proxy', expected, proxy);
  let url;
  try {
    url = new URL(String(proxy));
  } catch {
    return invalid('proxy', expected, String(proxy));
  }
  return url.protocol === 'http:'
    ? url.href
    : invalid('proxy', `${expected} (only HTTP proxies are supported)`, url.href);
}

function readTls(tls) {
  if (tls === undefined || tls === null) return undefined;
  const expected = `an object with some of ${TLS_OPTION_NAMES.join(', ')}`;
  if (typeof tls !== 'object') return invalid('tls', expected, tls);
  const unknown = Object.keys(tls).filter((name) => !TLS_OPTION_NAMES.includes(name));
  if (unknown.length > 0) {
    throw new TypeError(
      `EventSource option tls has no member ${unknown.join(', ')}; it takes ${TLS_OPTION_NAMES.join(', ')}.`,
    );
  }
  if (tls.rejectUnauthorized !== undefined && typeof tls.rejectUnauthorized !== 'boolean') {
    return invalid('tls.rejectUnauthorized', 'a boolean', tls.rejectUnauthorized);
  }
  for (const name of ['passphrase', 'servername']) {
    if (tls[name] !== undefined && typeof tls[name] !== 'string') invalid(`tls.${name}`, 'a string', tls[name]);
  }
  const copy = {};
  for (const name of TLS_OPTION_NAMES) if (tls[name] !== undefined) copy[name] = tls[name];
  return copy;
}

/**
 * The transport when the request has a proxy or tls option, which only Node's transports read: 'http', or
 * 'http2' where asked for (with tls; HTTP/2 goes through no proxy); else undefined. Throws where the transport
 * option or a custom fetch asks for another. `transport`: the option as given.
 */
export function networkTransport(transport = 'auto', { proxy, tls, fetch }) {
  const network = proxy ? 'proxy' : tls !== undefined ? 'tls' : undefined; // proxy: false asks for nothing
  if (network === undefined) return undefined;
  if (typeof globalThis.process?.getBuiltinModule !== 'function') {
    throw new TypeError(
      `EventSource option ${network} is for Node's http transports, which this runtime does not have.`,
    );
  }
  if (fetch !== null)
    invalid('fetch', `absent with the ${network} option (give the fetch a dispatcher instead)`, fetch);
  if (transport === 'auto' || transport === 'http') return 'http';
  if (transport === 'http2' && network === 'tls') return 'http2';
  const which = network === 'tls' ? "'http' or 'http2'" : "'http'";
  return invalid(
    'transport',
    `${which} (or none) with the ${network} option, which only Node's transports read`,
    transport,
  );
}
