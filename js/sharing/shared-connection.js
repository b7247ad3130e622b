// `new EventSource(url, { shared: true })`: one network connection for all EventSources of an
// origin with the same URL and request, in all its tabs and frames, held in a SharedWorker
// (js/shared-worker.js), or where there is none by a page the pages elect (js/sharing/shared-election.js). This
// is the page's side: a stand-in for a Connection (js/connection/connection.js) with the same surface (readyState,
// close(), the open/error/message calls), fed by the worker or the elected page. Each EventSource keeps
// its own readyState and events; the shared connection closes with its last user.
import { Connection } from '../connection/connection.js';
import { electionGroup } from './shared-election.js';
import { receivedDetails } from './shared-messages.js';

const CONNECTING = 0;
const OPEN = 1;
const CLOSED = 2;

// The worker of `shared: true`: this package's js/shared-worker.js, beside this module. A symbol, so that
// no URL a page passes as `shared: { worker }` can be taken for it.
const DEFAULT_WORKER = Symbol('the package worker');

/**
 * The SharedWorker running `workerUrl`'s script (DEFAULT_WORKER: the package's own), or null where none
 * can be made. The default one is written out in the form bundlers look for,
 * `new SharedWorker(new URL('../shared-worker.js', import.meta.url), { type: 'module' })`: webpack,
 * Rspack, Vite and Parcel then build the worker with its imports as a script of its own. Elsewhere (Rollup,
 * esbuild) the URL names a file the build did not emit and the worker fails to load, or, without
 * import.meta.url (an iife bundle), cannot be made; the sources then elect a page instead (hubFor).
 */
function startWorker(workerUrl) {
  try {
    return workerUrl === DEFAULT_WORKER
      ? new SharedWorker(new URL('../shared-worker.js', import.meta.url), { type: 'module', name: 'eventsource-wasm' })
      : new SharedWorker(workerUrl, { type: 'module', name: 'eventsource-wasm' });
  } catch {
    return null;
  }
}

/**
 * True where a page can share connections: Web Locks, and a SharedWorker or else a BroadcastChannel
 * (Chrome on Android, some WebViews). Not in Node, Deno or Bun (no Web Locks in Node; no pages to share with).
 */
export function canShareConnections() {
  return (
    typeof navigator === 'object' &&
    typeof navigator.locks?.request === 'function' &&
    typeof document === 'object' &&
    (typeof SharedWorker === 'function' || typeof BroadcastChannel === 'function')
  );
}

/**
 * What of a Connection's config can cross to the worker, or a TypeError naming the option that cannot:
 * functions (fetch, timers, retry.random) and bodies other than strings stay in the page.
 * The transport is passed by name; the worker selects it again (js/transports/select-transport.js).
 */
export function sharedConfig(config, transport) {
  const { request, retry } = config;
  if (request.fetch !== null)
    throw new TypeError(
      'EventSource option fetch cannot be used with shared: true (a function cannot reach the shared worker).',
    );
  if (config.timers !== undefined)
    throw new TypeError(
      'EventSource option timers cannot be used with shared: true (a function cannot reach the shared worker).',
    );
  if (request.body !== null && typeof request.body !== 'string')
    throw new TypeError('EventSource option body must be a string with shared: true.');
  if (retry !== undefined && retry.random !== Math.random)
    throw new TypeError(
      'EventSource option retry.random cannot be used with shared: true (a function cannot reach the shared worker).',
    );
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
let hubs = null; // worker URL (or DEFAULT_WORKER) → { port, subscriptions: Map<id, SharedConnection> }, made on first use
const failedWorkers = new Set(); // worker URLs whose script could not be made, load or start here
let nextId = 1;
let pageLock = null; // resolves once the page's lock is held
let pageId;

/** The hub of `workerUrl`'s worker, or null where that worker cannot run (see startWorker). */
function hubFor(workerUrl) {
  hubs ??= new Map();
  let hub = hubs.get(workerUrl);
  if (hub !== undefined) return hub;
  const worker = failedWorkers.has(workerUrl) ? null : startWorker(workerUrl);
  if (worker === null) {
    failedWorkers.add(workerUrl);
    return null;
  }
  hub = { port: worker.port, subscriptions: new Map() };
  hubs.set(workerUrl, hub);
  const { port, subscriptions } = hub;
  port.onmessage = ({ data }) => subscriptions.get(data.id)?.receive(data);
  // The worker's script failed to load or start: its sources, and those that come later, share through
  // an elected page instead.
  worker.onerror = () => {
    hubs.delete(workerUrl);
    failedWorkers.add(workerUrl);
    for (const subscription of subscriptions.values()) subscription.withoutWorker();
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
  #key;
  #config;

  /**
   * shared: sharedConfig(config, transport), what the worker needs and the key of what is shared;
   * config: the Connection's (the elected page runs it; a source falls back to it where no page can be
   * elected); workerUrl: the SharedWorker script's URL (default: the package's).
   */
  constructor(shared, config, events, workerUrl = DEFAULT_WORKER) {
    this.#events = events;
    this.#config = config;
    this.#key = JSON.stringify(shared);
    const hub = typeof SharedWorker === 'function' ? hubFor(workerUrl) : null;
    if (hub === null) return void this.#elect();
    hub.subscriptions.set(this.#id, this);
    hub.port.postMessage({ op: 'subscribe', id: this.#id, key: this.#key, config: shared });
    this.#leave = (tell) => {
      hub.subscriptions.delete(this.#id);
      if (tell) hub.port.postMessage({ op: 'unsubscribe', id: this.#id });
    };
  }

  // Shares through the page the pages elect (BroadcastChannel); without one, a connection of its own.
  #elect() {
    if (typeof BroadcastChannel !== 'function') {
      this.#local = new Connection(this.#config, this.#events);
      return;
    }
    const group = electionGroup(this.#key, this.#config);
    group.add(this);
    this.#leave = () => group.remove(this);
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

  /** The worker could not run: the source goes on through an elected page (see #elect). */
  withoutWorker() {
    if (this.#readyState !== CLOSED) this.#elect();
  }
}
