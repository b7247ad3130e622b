// The shared-connection demo (shared.html): a clock stream whose open connections the server
// counts, and a stream of that count, so the page can show how many connections its frames hold.
import { streamClock } from './clock.js';

export function register({ route, streams }) {
  const clocks = new Set(); // the open /events/shared-clock streams
  const watchers = new Set(); // the open /events/shared-clock/connections streams
  const announce = () => {
    for (const watcher of watchers) watcher.write(`data: ${clocks.size}\n\n`);
  };

  // The clock of /events/clock, on streams of its own, counted.
  route('GET', '/events/shared-clock', (req, res, url) => {
    const stream = streams.open(req, res, { url });
    if (stream === null) return;
    streamClock(stream);
    clocks.add(stream);
    announce();
    stream.onClose(() => {
      clocks.delete(stream);
      announce();
    });
  });

  // The number of open /events/shared-clock connections: now, then at each change.
  route('GET', '/events/shared-clock/connections', (req, res, url) => {
    const stream = streams.open(req, res, { url });
    if (stream === null) return;
    watchers.add(stream);
    stream.write(`data: ${clocks.size}\n\n`);
    stream.onClose(() => watchers.delete(stream));
  });
}
