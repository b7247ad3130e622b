// The back/forward cache: a page's connections are dropped when it enters the cache and reopened when
// it comes back (the standard's "forcibly close" keeps a connection from outliving its page; WPT
// eventsource-bfcache). Only windows have the events; a worker's connections are the worker's.

const connections = new Set(); // the live ones, with suspend() and resume()
// A window (workers have no document; a stand-in document, as some tests and renderers set, may come
// without the window's events).
const inWindow = globalThis.document !== undefined && typeof globalThis.addEventListener === 'function';

// pagehide with persisted: the page goes into the cache (it may still be discarded there); pageshow
// with persisted: it came back from it. Listening from the start puts these listeners before the
// page's own (at the window, listeners run in the order they were added, capturing or not), so page
// code sees the sources as they are in the cache: CONNECTING, the drop's error fired.
if (inWindow) {
  addEventListener('pagehide', (event) => event.persisted && connections.forEach((c) => c.suspend()));
  addEventListener('pageshow', (event) => event.persisted && connections.forEach((c) => c.resume()));
}

/** Keeps `connection` in step with the page's lifecycle until the returned function is called. */
export function followPageLifecycle(connection) {
  if (!inWindow) return () => {};
  connections.add(connection);
  return () => connections.delete(connection);
}
