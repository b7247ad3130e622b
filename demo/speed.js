// The speed page's stream (speed.html): generated events, as fast as the reader takes them or at a set rate.
//
// GET /events/speed?kind=tiny|typed&n=N&rate=R
//   kind  tiny: `data: {"i":…,"token":…}` of 60-90 bytes, as an LLM streams its tokens (the default);
//         typed: the same with `id:` and `event: tick`
//   n     events, 1 to MAX_EVENTS; after the last one the stream stays open (the page closes it)
//   rate  events per second, 1 to MAX_RATE, sent each millisecond as they fall due; 0 or none: as fast as the
//         socket takes them, in writes of about 32 KiB
// Every event's data holds its index `i`, so the page can check it got each one in order.

import { clientAddress } from './http-util.js';

export const MAX_EVENTS = 200_000;
export const MAX_RATE = 50_000;
const FAST_WRITE_BYTES = 32 * 1024;
const WORDS = ['the', 'stream', 'token', ' of', ' an', ' answer', ' arrives', ' word', ' by', ' word', '.', '\\n'];

/** Event `i` of `kind`, with its blank line. */
export function speedEvent(kind, i) {
  const token = WORDS[i % WORDS.length].repeat(1 + (i % 3));
  const data = `data: {"i":${i},"token":"${token}","pad":"${'x'.repeat(22 + ((i * 7) % 8))}"}\n\n`;
  return kind === 'typed' ? `id: ${i}\nevent: tick\n${data}` : data;
}

function intParam(url, name, min, max, fallback) {
  const raw = url.searchParams.get(name);
  if (raw === null || raw === '') return fallback;
  const value = Number(raw);
  return Number.isInteger(value) && value >= min && value <= max ? value : null;
}

/** Writes events from..n-1 in writes of FAST_WRITE_BYTES, waiting for 'drain' whenever the socket is full. */
async function streamFast(stream, kind, n) {
  let text = '';
  for (let i = 0; i < n && !stream.res.destroyed; i++) {
    text += speedEvent(kind, i);
    if (text.length < FAST_WRITE_BYTES && i < n - 1) continue;
    const flushed = stream.write(text);
    text = '';
    if (!flushed && !stream.res.destroyed) await new Promise((resolve) => stream.res.once('drain', resolve));
  }
}

/** Each millisecond, the events due by now at `rate` per second. */
function streamPaced(stream, kind, n, rate) {
  const start = performance.now();
  let sent = 0;
  let timer = null;
  const tick = () => {
    if (stream.res.destroyed) return;
    const due = Math.min(n, Math.floor(((performance.now() - start) * rate) / 1000) + 1);
    let text = '';
    for (; sent < due; sent++) text += speedEvent(kind, sent);
    if (text !== '') stream.write(text);
    if (sent < n) timer = setTimeout(tick, 1);
  };
  stream.onClose(() => clearTimeout(timer));
  tick();
}

export function register({ route, streams, rateLimiter }) {
  // A round is four streams (native and polyfill, each fast then paced): a few rounds a minute per address.
  const limiter = rateLimiter({ burst: 16, perSecond: 1 });
  route('GET', '/events/speed', (req, res, url) => {
    const kind = url.searchParams.get('kind') ?? 'tiny';
    const n = intParam(url, 'n', 1, MAX_EVENTS, 10_000);
    const rate = intParam(url, 'rate', 0, MAX_RATE, 0);
    if (!['tiny', 'typed'].includes(kind) || n === null || rate === null) {
      res.writeHead(400, { 'Content-Type': 'text/plain' });
      return res.end(`kind is tiny or typed, n 1 to ${MAX_EVENTS}, rate 0 to ${MAX_RATE}\n`);
    }
    if (!limiter.allow(clientAddress(req))) {
      res.writeHead(429, { 'Content-Type': 'text/plain', 'Retry-After': '5' });
      return res.end('too many speed runs: wait a few seconds\n');
    }
    const stream = streams.open(req, res, { url });
    if (stream === null) return;
    stream.write('retry: 60000\n\n');
    if (rate === 0) streamFast(stream, kind, n).catch(() => res.destroy());
    else streamPaced(stream, kind, n, rate);
  });
}
