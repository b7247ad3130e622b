// The Opera 9 (2006) "server-sent DOM events" API: the <event-source src> element and
// addEventSource()/removeEventSource(). Importing it selects the core with the 2006 dialect (below);
// nothing is installed until one of the install functions is called. The format and its sources:
// the README's section on the legacy format.
import { Connection } from './connection/connection.js';
import { CoreFlags, LEGACY_RECONNECTION_TIME } from './core/boundary.js';
import { selectLegacyCore } from './core/core-module.js';
import { legacyDialectFlags } from './options/event-source-init.js';
import { DEFAULT_LIMITS } from './options/parser-limits.js';
import { readTimers } from './options/extension-options.js';
import { messageEvent } from './interface/message-event.js';
import { invalid } from './options/request-options.js';
import { selectTransport } from './transports/select-transport.js';
import { DEFAULT_XHR_RESPONSE_LIMIT } from './transports/xhr-transport.js';
import './core/legacy-core.js'; // provides the legacy core

// 2007: the Accept header lists the framings the client reads; both are read here.
const ACCEPT = 'application/x-dom-event-stream, text/event-stream';
// 2006: a closed stream is reopened "after a short interval (such as 5 seconds)"; the core's
// kLegacyReconnectionTime. The installers' reconnectionTime option changes it for both dialects.

// Importing this entry makes every connection opened afterwards, EventSource's too, use the core with
// the 2006 dialect (dist/sse-core-legacy.wasm, provided by js/core/legacy-core.js); without it, EventSource
// fails such streams, as the standard says.
selectLegacyCore();

/**
 * The installers' options, checked once at install: { reconnectionTime, timers, flags }. A TypeError or
 * RangeError names a bad one; addEventSource() and the element never throw afterwards.
 */
function readLegacyOptions(options) {
  const { reconnectionTime = LEGACY_RECONNECTION_TIME } = options;
  if (!Number.isInteger(reconnectionTime) || reconnectionTime < 0 || reconnectionTime > 0xffffffff) {
    invalid('reconnectionTime', 'a whole number of milliseconds from 0 to 4294967295', reconnectionTime);
  }
  return { reconnectionTime, timers: readTimers(options.timers), flags: legacyDialectFlags(options) };
}

/**
 * Opens a connection to `url` whose events are dispatched at `target` (an element, a document, or
 * any EventTarget). 2006 rules: no open or error events, reconnection after 5 s (or `reconnectionTime`
 * of readLegacyOptions), 204/205 reopen.
 */
function openLegacyConnection(url, target, { reconnectionTime, timers, flags }) {
  return new Connection(
    {
      url,
      startTransport: selectTransport('auto'),
      xhrResponseLimit: DEFAULT_XHR_RESPONSE_LIMIT,
      limits: DEFAULT_LIMITS,
      reconnectionTime,
      flags: CoreFlags.LEGACY_ELEMENT_PROFILE | CoreFlags.READ_LEGACY_STREAMS | flags,
      accept: ACCEPT,
      timers,
    },
    {
      open() {}, // Opera's implementation fired none: pages could not see connection events
      error() {},
      message: (type, data, lastEventId, origin, dispatchOptions) =>
        dispatchAt(target, type, data, lastEventId, origin, dispatchOptions),
    },
  );
}

// An event of a legacy stream goes to its Target, bubbling and cancelable unless its fields say
// `No`; an event of a standard stream read by the element goes to the element as a plain message.
function dispatchAt(target, type, data, lastEventId, origin, options) {
  const at = options === null ? target : resolveTarget(target, options.target);
  const init = {
    data,
    origin,
    lastEventId,
    bubbles: options?.bubbles ?? false,
    cancelable: options?.cancelable ?? false,
  };
  at.dispatchEvent(messageEvent(type, init));
}

// 2006: `Target: #id` names an element of the owner document, `Target: Document` the document itself;
// anything else, or an id that is not there, leaves the event at the event source.
function resolveTarget(target, name) {
  const document = target.nodeType === 9 ? target : target.ownerDocument;
  if (document == null) return target; // not a node: the Target field means nothing here
  if (name === 'Document') return document;
  if (name.startsWith('#')) return document.getElementById(name.slice(1)) ?? target;
  return target;
}

/** `src` resolved against the node's base URL, or null when it is empty or does not parse. */
function resolveSource(src, node) {
  if (src === null || src === '') return null;
  try {
    return new URL(src, node?.baseURI ?? globalThis.document?.baseURI ?? globalThis.location?.href).href;
  } catch {
    return null;
  }
}

/**
 * Keeps one element's connection in step with the element: open while it is in the document with a
 * `src`, reopened when `src` changes, closed when it leaves or loses `src`.
 */
class ElementConnection {
  #element;
  #options;
  #url = null;
  #connection = null;

  constructor(element, options) {
    this.#element = element;
    this.#options = options;
  }

  update() {
    const url = this.#element.isConnected ? resolveSource(this.#element.getAttribute('src'), this.#element) : null;
    if (url === this.#url) return;
    this.close();
    this.#url = url;
    if (url !== null) this.#connection = openLegacyConnection(url, this.#element, this.#options);
  }

  close() {
    this.#connection?.close();
    this.#connection = null;
    this.#url = null;
  }
}

let elementInstalled = null;

/**
 * Makes <event-source src> elements connect. Uses a custom element where the browser has them
 * (`customElements: false` forces the MutationObserver fallback). Options: strictLineFeeds,
 * requireEventField (the legacy dialect's), reconnectionTime (ms, default 5000) and timers (a fake
 * clock, as EventSource's option). Calling it again does nothing; where there is no document (a
 * worker, Node) there is nothing to install.
 * @returns {'custom-element' | 'mutation-observer' | 'no-document'}
 */
export function installEventSourceElement(options = {}) {
  if (elementInstalled !== null) return elementInstalled;
  if (typeof document === 'undefined') return 'no-document';
  const connectionOptions = readLegacyOptions(options);
  const useCustomElements = options.customElements !== false && typeof customElements !== 'undefined';
  elementInstalled = useCustomElements ? defineCustomElement(connectionOptions) : observeElements(connectionOptions);
  return elementInstalled;
}

function defineCustomElement(options) {
  class HTMLEventSourceElement extends HTMLElement {
    static observedAttributes = ['src'];
    #connection = new ElementConnection(this, options);

    /** Reflects the `src` attribute, resolved against the document's base URL. */
    get src() {
      return resolveSource(this.getAttribute('src'), this) ?? this.getAttribute('src') ?? '';
    }
    set src(value) {
      this.setAttribute('src', value);
    }
    connectedCallback() {
      this.#connection.update();
    }
    disconnectedCallback() {
      this.#connection.close();
    }
    attributeChangedCallback() {
      this.#connection.update();
    }
  }
  customElements.define('event-source', HTMLEventSourceElement);
  return 'custom-element';
}

// Without custom elements: one observer on the document sees elements arrive, leave and change src.
function observeElements(options) {
  const connections = new WeakMap();
  const sync = (element) => {
    if (!connections.has(element)) connections.set(element, new ElementConnection(element, options));
    connections.get(element).update();
  };
  const eventSourcesIn = (node) => {
    if (node.nodeType !== 1) return [];
    const found = [...node.getElementsByTagName('event-source')];
    return node.localName === 'event-source' ? [node, ...found] : found;
  };
  new MutationObserver((records) => {
    for (const record of records) {
      if (record.type === 'attributes') sync(record.target);
      for (const node of [...record.addedNodes, ...record.removedNodes]) eventSourcesIn(node).forEach(sync);
    }
  }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['src'] });
  [...document.getElementsByTagName('event-source')].forEach(sync);
  return 'mutation-observer';
}

let addEventSourceInstalled = false;

/**
 * Adds addEventSource(src) and removeEventSource(src) to every EventTarget (2006 RemoteEventTarget).
 * Each call adds one registration; its connection starts after the current script, and its events are
 * dispatched at the target. removeEventSource removes one registration of that URL and closes it.
 * Neither ever throws. Options: as installEventSourceElement's (but customElements).
 */
export function installAddEventSource(options = {}) {
  if (addEventSourceInstalled) return;
  const connectionOptions = readLegacyOptions(options);
  addEventSourceInstalled = true;
  const registrations = new WeakMap(); // target → [{ url, connection, removed }]
  const methods = {
    addEventSource(src) {
      const url = resolveSource(String(src), this.nodeType ? this : null);
      if (url === null) return;
      const registration = { url, connection: null, removed: false };
      if (!registrations.has(this)) registrations.set(this, []);
      registrations.get(this).push(registration);
      queueMicrotask(() => {
        if (!registration.removed) registration.connection = openLegacyConnection(url, this, connectionOptions);
      });
    },
    removeEventSource(src) {
      const url = resolveSource(String(src), this.nodeType ? this : null);
      const list = registrations.get(this) ?? [];
      const index = list.findIndex((registration) => registration.url === url);
      if (index === -1) return;
      const [registration] = list.splice(index, 1);
      registration.removed = true;
      registration.connection?.close();
    },
  };
  for (const [name, value] of Object.entries(methods)) {
    Object.defineProperty(EventTarget.prototype, name, {
      value,
      writable: true,
      configurable: true,
      enumerable: false,
    });
  }
}
