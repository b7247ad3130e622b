// shared: true where there is no SharedWorker (Chrome on Android, some WebViews): the pages with sources
// of one key elect a holder with a Web Lock. The holder runs the Connection and sends what it sees over
// a BroadcastChannel to every page of the origin, itself included; the others wait for the lock. When
// the holder goes away (closed, crashed) or has no source of the key left, the next page waiting takes
// over and resumes with Last-Event-ID from the last event all pages saw: as every page receives the
// broadcasts in one order, nothing is lost or shown twice when the stream has ids.
import { Connection } from '../connection/connection.js';
import { sendableDetails } from './shared-messages.js';

const OPEN = 1;
const CLOSED = 2;

/** key → the page's Group for it, while it has sources. */
const groups = new Map();

/** The page's group for `key` (made with the Connection config `config` on first use). */
export function electionGroup(key, config) {
  let group = groups.get(key);
  if (group === undefined) groups.set(key, (group = new Group(key, config)));
  return group;
}

/** This page's sources of one key, and, while the page holds the key's lock, its Connection. */
class Group {
  #key;
  #config;
  #channel;
  #sources = new Set();
  #state = 0; // the shared connection's readyState as last heard
  #lastEventId = ''; // of the last event heard: where a new holder resumes
  #connection = null; // while this page holds the lock
  #release = null; // ends the hold
  #waiting = new AbortController(); // ends the wait for the lock

  constructor(key, config) {
    this.#key = key;
    this.#config = config;
    this.#channel = new BroadcastChannel(`eventsource-wasm:${key}`);
    this.#channel.onmessage = ({ data }) => this.#heard(data);
    navigator.locks
      .request(
        `eventsource-wasm:holder:${key}`,
        { signal: this.#waiting.signal },
        () =>
          new Promise((resolve) => {
            this.#release = resolve;
            this.#hold();
          }),
      )
      .catch(() => {}); // AbortError: the group ended while waiting
    this.#channel.postMessage({ kind: 'hello' }); // the holder answers with the connection's state
  }

  add(source) {
    this.#sources.add(source);
    if (this.#state === OPEN) source.receive({ kind: 'open' });
  }

  remove(source) {
    if (this.#sources.delete(source) && this.#sources.size === 0) this.#end();
  }

  // This page holds the lock: it connects, resuming after the last event the pages saw.
  #hold() {
    if (this.#sources.size === 0) return this.#end();
    this.#connection = new Connection(
      { ...this.#config, lastEventId: this.#lastEventId },
      {
        open: () => this.#send({ kind: 'open' }),
        error: (code, status, details) => {
          this.#send({
            kind: 'error',
            readyState: this.#connection.readyState,
            code,
            status,
            details: sendableDetails(details),
          });
        },
        message: (type, data, lastEventId, origin) => this.#send({ kind: 'message', type, data, lastEventId, origin }),
      },
    );
  }

  #send(message) {
    this.#channel.postMessage(message);
    this.#heard(message);
  }

  #heard(message) {
    if (message.kind === 'hello') {
      if (this.#connection !== null)
        this.#channel.postMessage({ kind: 'state', readyState: this.#connection.readyState });
      return;
    }
    if (message.kind === 'state') {
      if (message.readyState !== OPEN || this.#state === OPEN) return;
      message = { kind: 'open' };
    }
    if (message.kind === 'open') this.#state = OPEN;
    else if (message.kind === 'error') this.#state = message.readyState;
    else if (message.kind === 'message') this.#lastEventId = message.lastEventId;
    for (const source of [...this.#sources]) source.receive(message);
    if (this.#state === CLOSED) this.#end(); // the connection failed: every source is closed
  }

  // No source of the key is left in this page (or the connection failed): stop holding or waiting.
  #end() {
    if (groups.get(this.#key) === this) groups.delete(this.#key);
    this.#connection?.close();
    this.#connection = null;
    this.#release?.();
    this.#waiting.abort();
    this.#channel.close();
  }
}
