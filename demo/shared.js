// The shared-connection demo (shared.html, issue 12): a clock stream whose open connections the server
// counts, and a stream of that count, so the page can show how many connections its frames hold.
import { dataLines } from './http-util.js';

const TICK_MS = 1000;

export function register({ route, streams }) {
  const clocks = new Set(); // the open /events/shared-clock streams
  const watchers = new Set(); // the open /events/shared-clock/connections streams
  const announce = () => {
    for (const watcher of watchers) watcher.write(`data: ${clocks.size}\n\n`);
  };

  // `id` + `data` (ISO time) every second, resuming after Last-Event-ID, as /events/clock.
  route('GET', '/events/shared-clock', (req, res, url) => {
    const stream = streams.open(req, res, { url });
    if (stream === null) return;
    const resumed = Number.parseInt(stream.lastEventId, 10);
    let tick = Number.isSafeInteger(resumed) && resumed >= 0 ? resumed : 0;
    stream.write('retry: 2000\n\n');
    const write = () => stream.write(`id: ${++tick}\n${dataLines(new Date().toISOString())}\n`);
    write();
    const timer = setInterval(write, TICK_MS);
    clocks.add(stream);
    announce();
    stream.onClose(() => {
      clearInterval(timer);
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
