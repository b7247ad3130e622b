// The tiny web app each bundler builds at its defaults: the package's standard EventSource, three events.
// The query may name the stream (`stream`) and ask for `shared: true` (`shared`) or a worker (`worker`). The page's title reports
// the outcome for the test: "open", then "events: <the three ids>", or "error: <code> <cause>".
import { EventSource } from 'eventsource-wasm';

const params = new URLSearchParams(location.search);
const output = document.getElementById('events');
const ids = [];
// `worker`: the URL of a shared worker script to use (the package's prebuilt dist/shared-worker.js).
const shared = params.has('worker') ? { worker: params.get('worker') } : params.has('shared');
const source = new EventSource(params.get('stream') ?? '/counter?n=3', { shared });
source.onopen = () => {
  if (ids.length === 0) document.title = 'open';
};
source.onmessage = (event) => {
  ids.push(event.lastEventId);
  output.textContent = ids.join(', ');
  if (ids.length === 3) {
    source.close();
    // The main entry's extensions come with it: a bundler that drops their modules (Rolldown did, with
    // the package's sideEffects list as it was) fails here.
    const extensions = typeof source.events === 'function' && typeof EventSource.fromReadableStream === 'function';
    document.title = extensions
      ? `events: ${ids.join(',')}`
      : 'error: the bundle lost events() or fromReadableStream()';
  }
};
source.onerror = (event) => {
  if (ids.length < 3) document.title = `error: ${event.code} ${event.cause?.message ?? ''}`;
  if (event.code === 'core-unavailable') source.close();
};
