// In-page helpers for legacy-element.html: installs <event-source> and addEventSource with the query's
// options (strict, require, fallback, reconnect, clock), and records the events that reach chosen targets for tests/js/legacy-browser.test.js to read.
import { EventSource } from '/js/index.js';
import { installAddEventSource, installEventSourceElement } from '/js/legacy.js';
import { FakeClock } from '/tests/behaviour/fake-clock.js';

const params = new URLSearchParams(location.search);
const options = { strictLineFeeds: params.get('strict') === '1', requireEventField: params.get('require') === '1' };
// ?fallback=1 forces the MutationObserver path that browsers without custom elements take.
if (params.get('fallback') === '1') options.customElements = false;
// ?reconnect=<ms> sets the reconnection time; ?clock=fake gives every connection one FakeClock (T.clock),
// so reconnections wait for the test to advance it.
if (params.has('reconnect')) options.reconnectionTime = Number(params.get('reconnect'));
const clock = params.get('clock') === 'fake' ? new FakeClock() : null;
if (clock !== null) options.timers = clock;

// Every URL the page passed to fetch() or XMLHttpRequest.open(), in call order: a connection starts
// with one of those calls, synchronously or in a microtask, so "no request was made" can be read here at
// once instead of watching the server for a while.
// Likewise every URL whose request the page aborted (a connection closes by aborting its request, at once).
const requested = [];
const aborted = [];
const pageFetch = globalThis.fetch;
globalThis.fetch = function (input, init) {
  const url = String(input instanceof Request ? input.url : input);
  requested.push(url);
  init?.signal?.addEventListener('abort', () => aborted.push(url));
  return pageFetch.call(this, input, init);
};
const pageOpen = XMLHttpRequest.prototype.open;
XMLHttpRequest.prototype.open = function (method, url, ...rest) {
  requested.push(String(url));
  this.addEventListener('abort', () => aborted.push(String(url)));
  return pageOpen.call(this, method, url, ...rest);
};
/** The page's requests whose URL contains `part` (a session id). */
const requestsFor = (part) => requested.filter((url) => url.includes(part));
/** The page's aborted requests whose URL contains `part`. */
const abortsFor = (part) => aborted.filter((url) => url.includes(part));

/** Resolves after two turns of the page's event loop: what a task already queued has then run. */
const settle = () => new Promise((resolve) => setTimeout(() => setTimeout(resolve, 0), 0));

/** Every recorded event, in dispatch order (per listener), as plain data Node can read. */
const log = [];

/** A short name for an event target: 'document', 'window', the element's id, or its tag name. */
function nameOf(target) {
  if (target === document) return 'document';
  if (target === window) return 'window';
  if (target === null || target === undefined) return String(target);
  return target.id || target.nodeName?.toLowerCase() || target.constructor?.name || '?';
}

/**
 * Records the events of `types` that reach `target` (an element, the document or window).
 * @param {EventTarget} target
 * @param {string[]} types
 * @param {{label?: string, capture?: boolean, preventDefault?: boolean}} [how] with preventDefault, the
 *   listener calls preventDefault() and records defaultPrevented right after
 */
function record(target, types, { label = nameOf(target), capture = false, preventDefault = false } = {}) {
  for (const type of types) {
    target.addEventListener(
      type,
      (event) => {
        if (preventDefault) event.preventDefault();
        log.push({
          label,
          type: event.type,
          data: event.data,
          origin: event.origin,
          lastEventId: event.lastEventId,
          isMessageEvent: event instanceof MessageEvent,
          bubbles: event.bubbles,
          cancelable: event.cancelable,
          defaultPrevented: event.defaultPrevented,
          target: nameOf(event.target),
        });
      },
      capture,
    );
  }
}

/** Creates an <event-source id=id> with src (unless null) and appends it to `parent` (unless null). */
function element(id, src, parent = document.getElementById('holder')) {
  const el = document.createElement('event-source');
  el.id = id;
  if (src !== null) el.setAttribute('src', src);
  parent?.appendChild(el);
  return el;
}

// Ticks from an element that is present before the install below (?present=) are recorded from the start.
record(document, ['tick'], { label: 'page', capture: true });
const mode = installEventSourceElement(options);
installAddEventSource(options); // options: an extension of ours; the contract takes none

window.T = {
  ready: true,
  mode,
  options,
  clock,
  log,
  record,
  element,
  nameOf,
  requestsFor,
  abortsFor,
  settle,
  EventSource,
};
