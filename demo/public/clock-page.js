// The server clock page: the legacy <event-source> element and a standard EventSource side by side.
import { installEventSourceElement } from '/js/legacy.js';
import { ChosenEventSource, createConnectionPanel, renderNavigation, streamUrl } from '/connection-panel.js';

renderNavigation();
installEventSourceElement();

// Legacy: an element, as the 2006 page had it, listened to for `server-time`.
const legacy = document.getElementById('legacy');
const legacyPanel = createConnectionPanel(legacy, { title: 'legacy connection', switchable: false });
const element = document.createElement('event-source');
element.addEventListener('connected', () => legacyPanel.sawLegacyConnect());
element.addEventListener('server-time', (event) => {
  legacy.querySelector('[data-time]').textContent = new Date(Number(event.data) * 1000).toLocaleTimeString();
  legacyPanel.sawEvent(event);
});
element.setAttribute('src', streamUrl('/legacy/server-time'));
legacy.append(element);

// Standard: an EventSource with ids and retry.
const standard = document.getElementById('standard');
const panel = createConnectionPanel(standard, { title: 'standard connection' });
const EventSource = ChosenEventSource();
const source = new EventSource(streamUrl('/events/clock'));
panel.watch(source);
source.addEventListener('message', (event) => {
  standard.querySelector('[data-time]').textContent = new Date(event.data).toLocaleTimeString();
});

// For the console and the tests: the two connections.
window.demo = { element, source };
