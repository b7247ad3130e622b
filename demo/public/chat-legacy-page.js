// The legacy chat page: the same room through Opera 9's <event-source> element (installed by the
// classic script dist/eventsource-wasm-legacy.js), on /chat/legacy-stream.
import { streamUrl } from '/connection-panel.js';
import { MAX_LOG_LINES, startChat } from '/chat-page.js';

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
        // A Set keeps insertion order: forget the oldest ids, as the log forgets its oldest lines. The
        // replay is the server's last 50 events, all among the ids kept.
        if (shown.size > MAX_LOG_LINES) shown.delete(shown.values().next().value);
        show(type, entry);
      });
    }
    element.setAttribute('src', streamUrl(`/chat/legacy-stream?nick=${encodeURIComponent(nick)}`));
    document.body.append(element);
    return element;
  },
});
