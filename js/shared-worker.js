// The SharedWorker behind `new EventSource(url, { shared: true })` (js/sharing/shared-connection.js): one
// Connection per distinct URL and request (the page sends the key), whatever the number of pages, frames
// and sources using it, each of which gets what it sees from the moment it subscribed. Reconnection and
// Last-Event-ID happen here, once. A connection closes with its last subscriber; a page's subscriptions
// end when it unsubscribes or when it is gone (the worker is granted the Web Lock the page held).
import { Connection } from './connection/connection.js';
import './core/standard-core.js'; // provides the standard core
import { sendableDetails } from './sharing/shared-messages.js';
import { selectTransport } from './transports/select-transport.js';

const OPEN = 1;
const CLOSED = 2;

/** key → { connection, subscribers: Map<port, Set<id>> } */
const shared = new Map();

function open(key, config) {
  const entry = { connection: null, subscribers: new Map() };
  const post = (message) => {
    for (const [port, ids] of entry.subscribers) for (const id of ids) port.postMessage({ id, ...message });
  };
  entry.connection = new Connection(
    {
      ...config,
      startTransport: selectTransport(config.transport),
      retry: config.retry && { ...config.retry, random: Math.random },
    },
    {
      open: () => post({ kind: 'open' }),
      error: (code, status, details) => {
        const readyState = entry.connection.readyState;
        post({ kind: 'error', readyState, code, status, details: sendableDetails(details) });
        if (readyState === CLOSED && shared.get(key) === entry) shared.delete(key);
      },
      message: (type, data, lastEventId, origin) => post({ kind: 'message', type, data, lastEventId, origin }),
    },
  );
  shared.set(key, entry);
  return entry;
}

function subscribe(port, id, key, config) {
  const entry = shared.get(key) ?? open(key, config);
  let ids = entry.subscribers.get(port);
  if (ids === undefined) entry.subscribers.set(port, (ids = new Set()));
  ids.add(id);
  // A source joining an open connection is open at once, and sees the events from now on.
  if (entry.connection.readyState === OPEN) port.postMessage({ id, kind: 'open' });
}

function unsubscribe(port, id) {
  for (const [key, entry] of shared) {
    const ids = entry.subscribers.get(port);
    if (!ids?.delete(id)) continue;
    if (ids.size === 0) entry.subscribers.delete(port);
    return closeIfUnused(key, entry);
  }
}

function portGone(port) {
  for (const [key, entry] of shared) if (entry.subscribers.delete(port)) closeIfUnused(key, entry);
}

/** The connection closes with its last subscriber. */
function closeIfUnused(key, entry) {
  if (entry.subscribers.size !== 0) return;
  shared.delete(key);
  entry.connection.close();
}

self.onconnect = ({ ports: [port] }) => {
  port.onmessage = ({ data }) => {
    if (data.op === 'subscribe') subscribe(port, data.id, data.key, data.config);
    else if (data.op === 'unsubscribe') unsubscribe(port, data.id);
    else if (data.op === 'hello') navigator.locks.request(`eventsource-wasm:page:${data.page}`, () => portGone(port));
    // Tests and the demo: how many connections this worker holds, and for how many sources.
    else if (data.op === 'status') {
      port.postMessage({
        id: 0,
        kind: 'status',
        connections: [...shared.values()].map((entry) =>
          [...entry.subscribers.values()].reduce((n, ids) => n + ids.size, 0),
        ),
      });
    }
  };
  port.start();
};
