// The server clock: the 2006 `server-time` legacy stream and its standard counterpart.
import { dataLines } from './http-util.js';

const TICK_MS = 1000;

/**
 * Streams the standard clock on an open stream (stream-registry.js): `retry`, then `id` + `data` (ISO
 * time) every second, ids resuming after Last-Event-ID; stops when the stream closes.
 */
export function streamClock(stream) {
  const resumed = Number.parseInt(stream.lastEventId, 10);
  let tick = Number.isSafeInteger(resumed) && resumed >= 0 ? resumed : 0;
  stream.write('retry: 2000\n\n');
  const write = () => stream.write(`id: ${++tick}\n${dataLines(new Date().toISOString())}\n`);
  write();
  const timer = setInterval(write, TICK_MS);
  stream.onClose(() => clearInterval(timer));
}

export function register({ route, streams }) {
  route('GET', '/events/clock', (req, res, url) => {
    const stream = streams.open(req, res, { url });
    if (stream !== null) streamClock(stream);
  });
  // Legacy, as the 2006 Opera example's server script: `Event: server-time` and the Unix time. Opera's
  // element fired no connection events, so servers of the time announced connections themselves:
  // `Event: connected` first (the 2006 example page ignores it).
  route('GET', '/legacy/server-time', (req, res, url) => {
    const stream = streams.open(req, res, { url, contentType: 'application/x-dom-event-stream' });
    if (stream === null) return;
    stream.write('Event: connected\ndata: server-time\n\n');
    const write = () => stream.write(`Event: server-time\ndata: ${Math.floor(Date.now() / 1000)}\n\n`);
    write();
    const timer = setInterval(write, TICK_MS);
    stream.onClose(() => clearInterval(timer));
  });
}
