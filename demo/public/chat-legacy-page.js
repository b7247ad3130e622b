// The legacy chat page: the same room through Opera 9's <event-source> element (installed by the
// classic script dist/eventsource-wasm-legacy.js), on /chat/legacy-stream.
import { streamUrl } from '/connection-panel.js';
import { startChat } from '/chat-page.js';

// The stream's event names → the log's types.
const TYPES = { 'chat-message': 'message', join: 'join', leave: 'leave' };

startChat({
  title: '<event-source>',
  switchable: false, // the element is the point here; the switch is for EventSource
  connect({ nick, panel, show }) {
    const element = document.createElement('event-source');
    const shown = new Set(); // ids of the room events shown: every connection replays the history
    element.addEventListener('connected', () => panel.sawLegacyConnect());
    for (const [name, type] of Object.entries(TYPES)) {
      element.addEventListener(name, (event) => {
        panel.sawEvent(event);
        const entry = JSON.parse(event.data);
        if (shown.has(entry.id)) return;
        shown.add(entry.id);
        show(type, entry);
      });
    }
    element.setAttribute('src', streamUrl(`/chat/legacy-stream?nick=${encodeURIComponent(nick)}`));
    document.body.append(element);
    return element;
  },
});
