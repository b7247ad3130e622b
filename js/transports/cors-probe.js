// Tells a request refused by CORS from a network failure (a reset, an unreachable server), which
// script cannot see directly: fetch and XHR fail both with the same opaque error.

/**
 * Resolves to true when the cross-origin request that failed with no response was refused by CORS.
 * `request`: what it sent ({ method, headers: [name, value] pairs, credentials }); `signal` aborts the
 * probes (the source was closed). Two probes, the second only when the first fails:
 * 1. The same request again in CORS mode (its method and headers, so the same preflight, no body),
 *    dropped as soon as its response arrives: a response means CORS allows the request, and the
 *    failure was the network's, however the connection died.
 * 2. Refused again: a `no-cors` GET, which CORS cannot refuse. Its response means the server is there,
 *    so CORS refused the request; its failure means the network is down.
 * Same-origin requests, and runtimes without an origin (Node), are never refused by CORS.
 */
export async function refusedByCors(url, { method, headers, credentials }, signal) {
  const here = globalThis.location?.origin;
  if (here === undefined || typeof fetch !== 'function' || new URL(url).origin === here) return false;
  if (await answers(url, { method, headers, credentials, mode: 'cors' }, signal)) return false;
  return !signal.aborted && answers(url, { credentials, mode: 'no-cors' }, signal);
}

/** Whether `url` answers a request with `init`; the response's body is cancelled at once. */
async function answers(url, init, signal) {
  try {
    // Cancelling the body closes the connection: a server that streams is not kept waiting.
    (await fetch(url, { ...init, cache: 'no-store', signal })).body?.cancel().catch(() => {});
    return true;
  } catch {
    return false;
  }
}
