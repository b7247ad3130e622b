// `new EventSource(url, { shared: true })` (issue 12): one network connection for all EventSources of an
// origin with the same URL and request, in all its tabs and frames, held in a SharedWorker
// (js/shared-worker.js), or where there is none by a page the pages elect (js/shared-election.js). This
// is the page's side: a stand-in for a Connection (js/connection.js) with the same surface (readyState,
// close(), the open/error/message calls), fed by the worker or the elected page. Each EventSource keeps
// its own readyState and events; the shared connection closes with its last user.
import { Connection } from './connection.js';
import { electionGroup } from './shared-election.js';
import { receivedDetails } from './shared-messages.js';

const CONNECTING = 0;
const OPEN = 1;
const CLOSED = 2;

/** Where the SharedWorker's script is, unless the shared option's `worker` names another URL. */
function defaultWorkerUrl() {
  return new URL('./shared-worker.js', import.meta.url).href;
}

/**
 * True where a page can share connections: Web Locks, and a SharedWorker or else a BroadcastChannel
 * (Chrome on Android, some WebViews). Not in Node, Deno or Bun (no Web Locks in Node; no pages to share with).
 */
export function canShareConnections() {
  return typeof navigator === 'object' && typeof navigator.locks?.request === 'function' &&
    typeof document === 'object' && (typeof SharedWorker === 'function' || typeof BroadcastChannel === 'function');
}

/**
 * What of a Connection's config can cross to the worker, or a TypeError naming the option that cannot:
 * functions (fetch, timers, retry.random) and bodies other than strings stay in the page.
 * The transport is passed by name; the worker selects it again (js/transports.js).
 */
export function sharedConfig(config, transport) {
  const { request, retry } = config;
  if (request.fetch !== null) throw new TypeError('EventSource option fetch cannot be used with shared: true (a function cannot reach the shared worker).');
  if (config.timers !== undefined) throw new TypeError('EventSource option timers cannot be used with shared: true (a function cannot reach the shared worker).');
  if (request.body !== null && typeof request.body !== 'string') throw new TypeError('EventSource option body must be a string with shared: true.');
  if (retry !== undefined && retry.random !== Math.random) throw new TypeError('EventSource option retry.random cannot be used with shared: true (a function cannot reach the shared worker).');
  return {
    url: config.url,
    request: { ...request, fetch: null },
    transport,
    xhrResponseLimit: config.xhrResponseLimit,
    limits: config.limits,
    reconnectionTime: config.reconnectionTime,
    flags: config.flags,
    accept: config.accept,
    retry: retry === undefined ? undefined : { ...retry, random: undefined },
  };
}

// One port to the worker per page (or worker, frame...) and worker URL, opened on first use. The page
// holds a Web Lock named after itself for its whole life: the worker asks for the same lock and is
// granted it when the page is gone (closed, navigated away, crashed), which MessagePorts never tell it.
let hubs = null; // worker URL → { port, subscriptions: Map<id, SharedConnection> }, made on first use
let nextId = 1;
let pageLock = null; // resolves once the page's lock is held
let pageId;

function hubFor(workerUrl) {
  hubs ??= new Map();
  let hub = hubs.get(workerUrl);
  if (hub !== undefined) return hub;
  const worker = new SharedWorker(workerUrl, { type: 'module', name: 'eventsource-wasm' });
  hub = { port: worker.port, subscriptions: new Map() };
  hubs.set(workerUrl, hub);
  const { port, subscriptions } = hub;
  port.onmessage = ({ data }) => subscriptions.get(data.id)?.receive(data);
  // The worker's script failed to load or start: every source of it goes on with a connection of its own.
  worker.onerror = () => {
    hubs.delete(workerUrl);
    for (const subscription of subscriptions.values()) subscription.goLocal();
    subscriptions.clear();
  };
  pageId ??= `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
  pageLock ??= new Promise((resolve) => {
    navigator.locks.request(`eventsource-wasm:page:${pageId}`, () => {
      resolve();
      return new Promise(() => {}); // held until the page goes away
    });
  });
  pageLock.then(() => port.postMessage({ op: 'hello', page: pageId }));
  port.start();
  return hub;
}

/**
 * A Connection whose network connection is shared, through the worker or the elected page; see
 * Connection for config and events.
 */
export class SharedConnection {
  #id = nextId++;
  #events;
  #readyState = CONNECTING;
  #leave; // tells the worker or the election group this source is gone
  #local = null; // the connection of its own it falls back to
  #makeLocal;

  /**
   * shared: sharedConfig(config, transport), what the worker needs and the key of what is shared;
   * config: the Connection's (the elected page runs it; a source falls back to it if the worker cannot
   * run); workerUrl: the SharedWorker script's URL.
   */
  constructor(shared, config, events, workerUrl = defaultWorkerUrl()) {
    this.#events = events;
    this.#makeLocal = () => new Connection(config, events);
    const key = JSON.stringify(shared);
    if (typeof SharedWorker === 'function') {
      const hub = hubFor(workerUrl);
      hub.subscriptions.set(this.#id, this);
      hub.port.postMessage({ op: 'subscribe', id: this.#id, key, config: shared });
      this.#leave = (tell) => {
        hub.subscriptions.delete(this.#id);
        if (tell) hub.port.postMessage({ op: 'unsubscribe', id: this.#id });
      };
    } else {
      const group = electionGroup(key, config);
      group.add(this);
      this.#leave = () => group.remove(this);
    }
  }

  get readyState() {
    return this.#local?.readyState ?? this.#readyState;
  }

  close() {
    if (this.#local !== null) return this.#local.close();
    if (this.#readyState === CLOSED) return;
    this.#readyState = CLOSED;
    this.#leave(true);
  }

  /** What the shared connection saw, for this source: open, error or message. */
  receive({ kind, readyState, code, status, details, type, data, lastEventId, origin }) {
    if (this.#readyState === CLOSED) return;
    if (kind === 'open') {
      if (this.#readyState === OPEN) return; // an elected page's answer to a source that was open already
      this.#readyState = OPEN;
      this.#events.open();
    } else if (kind === 'error') {
      this.#readyState = readyState;
      if (readyState === CLOSED) this.#leave(false);
      this.#events.error(code, status, receivedDetails(details));
    } else if (kind === 'message') {
      this.#events.message(type, data, lastEventId, origin, null);
    }
  }

  goLocal() {
    if (this.#readyState !== CLOSED) this.#local = this.#makeLocal();
  }
}
