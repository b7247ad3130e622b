// Tells a request refused by CORS from a network failure, which script cannot see directly.

/**
 * Resolves to true when the failed cross-origin request to `url` failed because of CORS: the server is
 * reachable (an opaque `no-cors` HEAD request succeeds) but did not allow this origin. Same-origin
 * requests and runtimes without an origin (Node) are never refused by CORS.
 */
export async function refusedByCors(url, withCredentials) {
  const here = globalThis.location?.origin;
  if (here === undefined || typeof fetch !== 'function' || new URL(url).origin === here) return false;
  const controller = new AbortController();
  try {
    await fetch(url, {
      method: 'HEAD',
      mode: 'no-cors',
      credentials: withCredentials ? 'include' : 'same-origin',
      cache: 'no-store',
      signal: controller.signal,
    });
    return true;
  } catch {
    return false;
  } finally {
    controller.abort(); // a server that streams anyway is not kept waiting
  }
}
