// Shared by the demo pages: which EventSource the page uses (the native one or the polyfill, from
// ?impl=), and a panel that shows a connection's readyState, reconnect count and last event ID, with a
// button that drops the connection on the server side so a person can watch it resume.
import { EventSource as PolyfillEventSource } from '/js/index.js';

const NAMES = ['CONNECTING', 'OPEN', 'CLOSED'];

/** This page's id on the server: its streams carry ?client=, and the drop button names it. */
export const clientId = crypto.randomUUID();

/** 'polyfill' (the default) or 'native', from the page URL's ?impl=. */
export function chosenImplementation() {
  const impl = new URL(location.href).searchParams.get('impl');
  return impl === 'native' && typeof window.EventSource === 'function' ? 'native' : 'polyfill';
}

/** The EventSource constructor the page should use. */
export function ChosenEventSource() {
  return chosenImplementation() === 'native' ? window.EventSource : PolyfillEventSource;
}

/** `path` with this page's client id, so the drop button can find its streams. */
export function streamUrl(path) {
  const url = new URL(path, location.href);
  url.searchParams.set('client', clientId);
  return url.href;
}

/** Asks the server to cut this page's streams, as a network failure would. */
export async function dropConnections() {
  const response = await fetch(`/drop?client=${clientId}`, { method: 'POST' });
  return response.ok ? (await response.json()).dropped : 0;
}

/**
 * Renders a panel into `container`. Options: title, and switchable (show the native/polyfill switch).
 * Returns { watch(source, types), sawLegacyConnect(), sawEvent(event) }:
 *   watch() follows an EventSource (open, error, and the message types listed);
 *   for an <event-source> element, which has no connection events, call sawLegacyConnect() when the
 *   server's own `connected` event arrives and sawEvent() for each event.
 */
export function createConnectionPanel(container, { title = 'Connection', switchable = true } = {}) {
  const panel = document.createElement('div');
  panel.className = 'panel';
  panel.innerHTML = `
    <span class="title"></span>
    <span>state <output data-field="state">CONNECTING</output></span>
    <span>reconnects <output data-field="reconnects">0</output></span>
    <span>last event ID <output data-field="lastId">(none)</output></span>
    <button type="button" data-action="drop">Drop connection</button>
    <span class="impl" hidden>EventSource: <a data-impl="polyfill">polyfill</a> <a data-impl="native">native</a></span>
    <span class="muted" data-field="note"></span>`;
  panel.querySelector('.title').textContent = title;
  container.append(panel);
  const field = (name) => panel.querySelector(`[data-field="${name}"]`);
  let reconnects = 0;
  let connects = 0;

  panel.querySelector('[data-action="drop"]').addEventListener('click', async () => {
    const dropped = await dropConnections();
    field('note').textContent = `dropped ${dropped} stream(s) on the server`;
  });
  if (switchable) {
    const impl = panel.querySelector('.impl');
    impl.hidden = false;
    for (const link of impl.querySelectorAll('a')) {
      const url = new URL(location.href);
      url.searchParams.set('impl', link.dataset.impl);
      link.href = url.href;
      link.setAttribute('aria-current', String(link.dataset.impl === chosenImplementation()));
    }
  }
  const showState = (state) => {
    field('state').textContent = NAMES[state] ?? String(state);
    field('state').className = `state-${state}`;
  };
  const sawEvent = (event) => {
    if (event.lastEventId) field('lastId').textContent = event.lastEventId;
  };
  return {
    watch(source, types = ['message']) {
      const update = () => showState(source.readyState);
      source.addEventListener('open', update);
      source.addEventListener('error', () => {
        if (source.readyState === 0) field('reconnects').textContent = String(++reconnects);
        update();
      });
      for (const type of types)
        source.addEventListener(type, (event) => {
          sawEvent(event);
          update();
        });
      update();
    },
    sawLegacyConnect() {
      if (++connects > 1) field('reconnects').textContent = String(++reconnects);
      showState(1);
      field('note').textContent = 'legacy <event-source>: no connection events; the server says when it connects';
    },
    sawEvent,
  };
}

/** The site navigation, with the current page marked. */
export function renderNavigation() {
  const pages = [
    ['/', 'Conformance'],
    ['/chat.html', 'Chat'],
    ['/chat-legacy.html', 'Chat (legacy)'],
    ['/clock.html', 'Server clock'],
    ['/wall.html', 'Social wall'],
    ['/shared.html', 'Shared tabs'],
    ['/speed.html', 'Speed'],
  ];
  const nav = document.createElement('nav');
  nav.className = 'site';
  nav.innerHTML = '<span class="brand">eventsource-wasm</span>';
  for (const [href, label] of pages) {
    const link = document.createElement('a');
    link.href = href;
    link.textContent = label;
    if (location.pathname === href || (href === '/' && location.pathname === '/index.html'))
      link.setAttribute('aria-current', 'page');
    nav.append(link);
  }
  document.body.prepend(nav);
}
