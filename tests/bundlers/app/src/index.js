// The tiny web app each bundler builds at its defaults: the package's standard EventSource, three events.
// The page's title reports the outcome for the test: "events: 1,2,3", or "error: <code> <cause>".
import { EventSource } from 'eventsource-wasm';

const output = document.getElementById('events');
const ids = [];
const source = new EventSource('/counter?n=3');
source.onmessage = (event) => {
  ids.push(event.lastEventId);
  output.textContent = ids.join(', ');
  if (ids.length === 3) {
    source.close();
    document.title = `events: ${ids.join(',')}`;
  }
};
source.onerror = (event) => {
  if (ids.length < 3) document.title = `error: ${event.code} ${event.cause?.message ?? ''}`;
  if (source.readyState === EventSource.CLOSED || event.code === 'core-unavailable') source.close();
};
