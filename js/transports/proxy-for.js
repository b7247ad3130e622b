// Which proxy, if any, a request of the node:http transport goes through: the `proxy` option (a URL, or 'env'),
// or the environment where NODE_USE_ENV_PROXY=1 asks for it, as Node's own fetch reads it then.
//
// The environment: http_proxy / HTTP_PROXY for http: URLs, https_proxy / HTTPS_PROXY for https: URLs (the
// http one where it is unset, as undici's EnvHttpProxyAgent does), the lower-case name first; no_proxy /
// NO_PROXY as curl reads it (https://curl.se/libcurl/c/CURLOPT_NOPROXY.html): a comma-separated list
// where `*` alone matches every host, a name matches itself and every host under it ("example.com" matches
// www.example.com, not www.notexample.com; a leading dot is ignored), and an IP address matches itself
// or, with a /bits suffix, its network. The URL's port is not compared; an entry with a port matches no host.

/**
 * The proxy's URL for a request to `url` (a URL), or null for none. `option`: the EventSource's `proxy`
 * (undefined: the environment only with NODE_USE_ENV_PROXY=1; false: none; 'env'; or a proxy URL's href,
 * which no_proxy does not apply to: it was asked for by name). `env`: process.env.
 */
export function proxyFor(url, option, env) {
  if (option === false) return null;
  if (option !== undefined && option !== 'env') return new URL(option);
  if (option === undefined && env.NODE_USE_ENV_PROXY !== '1') return null;
  const named =
    url.protocol === 'https:'
      ? (env.https_proxy ?? env.HTTPS_PROXY ?? env.http_proxy ?? env.HTTP_PROXY)
      : (env.http_proxy ?? env.HTTP_PROXY);
  if (!named || bypassesProxy(url, env.no_proxy ?? env.NO_PROXY ?? '')) return null;
  // A value without a scheme ("proxy.local:3128") is an http: proxy, as curl and undici take it.
  return new URL(/^[a-z][a-z\d+.-]*:\/\//i.test(named) ? named : `http://${named}`);
}

/** True when no_proxy's `list` names the host of `url` (see above). */
export function bypassesProxy(url, list) {
  const host = url.hostname
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '')
    .toLowerCase();
  for (let entry of list.split(/[,\s]+/)) {
    entry = entry.toLowerCase().replace(/^\./, '').replace(/\.$/, '');
    if (entry === '') continue;
    if (entry === '*') return true;
    const [address, bits] = entry.split('/');
    if (isIpAddress(address) && isIpAddress(host)) {
      if (inNetwork(host, address, bits)) return true;
    } else if (host === entry || host.endsWith(`.${entry}`)) {
      return true;
    }
  }
  return false;
}

function isIpAddress(text) {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(text) || text.includes(':');
}

// Whether address `host` lies in `network`/`bits` (all of the address's bits when no bits are given).
function inNetwork(host, network, bits) {
  const a = addressBits(host);
  const b = addressBits(network);
  if (a === null || b === null || a.length !== b.length) return false;
  const n = bits === undefined ? a.length : Number(bits);
  if (!Number.isInteger(n) || n < 0 || n > a.length) return false;
  return a.slice(0, n) === b.slice(0, n);
}

// An IPv4 or IPv6 address as a string of 32 or 128 '0'/'1' characters, or null when it is not one.
function addressBits(address) {
  if (!address.includes(':')) {
    const parts = address.split('.').map(Number);
    if (parts.length !== 4 || parts.some((p) => p > 255)) return null;
    return parts.map((p) => p.toString(2).padStart(8, '0')).join('');
  }
  // The URL parser writes IPv6 addresses out canonically: compressed with ::, hex groups, no IPv4 tail.
  let canonical;
  try {
    canonical = new URL(`http://[${address}]/`).hostname.slice(1, -1);
  } catch {
    return null;
  }
  const [head, tail = null] = canonical.split('::');
  const groups = (part) => (part ? part.split(':') : []);
  const missing = 8 - groups(head).length - (tail === null ? 0 : groups(tail).length);
  const all = [...groups(head), ...(tail === null ? [] : Array(missing).fill('0')), ...groups(tail ?? '')];
  return all.map((g) => parseInt(g, 16).toString(2).padStart(16, '0')).join('');
}
