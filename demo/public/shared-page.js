// shared.html: the frames, each on the server clock, and the server's count of the clock's connections.
import { renderNavigation } from '/connection-panel.js';
import { EventSource } from '/js/index.js';

renderNavigation();

const form = document.getElementById('controls');
const frames = document.getElementById('frames');

// The count over a connection of the page's own (not shared: it is not the clock).
new EventSource('/events/shared-clock/connections').onmessage = (event) => {
  document.getElementById('connections').textContent = event.data;
};

function showFrames() {
  const count = Math.min(12, Math.max(1, Number(form.elements.frames.value) || 1));
  const shared = form.elements.shared.checked ? 1 : 0;
  frames.replaceChildren(
    ...Array.from({ length: count }, (_, i) => {
      const frame = document.createElement('iframe');
      frame.title = `frame ${i + 1}`;
      frame.src = `/shared-frame.html?shared=${shared}&frame=${i + 1}`;
      return frame;
    }),
  );
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  showFrames();
});
showFrames();
