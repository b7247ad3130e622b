// A text/event-stream server on loopback that drops its connections on purpose, at seeded offsets, for
// the fault tests (tests/js/faults.test.js). Node built-ins only.
//
// The stream is events 1..count, each `id: k` and two data lines with multi-byte characters, every line
// ended by CRLF, after `retry: 0`. Each response resumes after the request's Last-Event-ID, sends a few
// whole events (0 to 3, seeded) and then the start of the next one, cut at a place a parser can get
// wrong, and drops the connection (a FIN or a TCP reset, seeded). The last response ends cleanly.
import http from 'node:http';

import { seededRandom } from '../js/helpers/seeded-random.js';

/** The data of event k, as the client must dispatch it. */
export function eventData(k) {
  return `caf\u00e9 ${k} \u20ac\u{1F600}\nline two of ${k}`;
}

/** The bytes of event k on the wire. */
export function eventBytes(k) {
  const [first, second] = eventData(k).split('\n');
  return Buffer.from(`id: ${k}\r\ndata: ${first}\r\ndata: ${second}\r\n\r\n`, 'utf8');
}

/** Where an event's bytes can be cut, by kind: the places a parser gets wrong. */
export function cutPoints(bytes) {
  const text = bytes.toString('latin1'); // one char per byte
  const points = {
    'inside-event': [],
    'inside-character': [],
    'between-cr-and-lf': [],
    'after-id': [],
    'before-blank-line': [],
  };
  for (let at = 1; at < bytes.length; at++) {
    points['inside-event'].push(at);
    if ((bytes[at] & 0xc0) === 0x80) points['inside-character'].push(at); // before a continuation byte
    if (text[at - 1] === '\r' && text[at] === '\n') points['between-cr-and-lf'].push(at);
  }
  points['after-id'].push(text.indexOf('id:') + 3);
  points['before-blank-line'].push(bytes.length - 2);
  return points;
}

export const CUT_KINDS = ['inside-event', 'inside-character', 'between-cr-and-lf', 'after-id', 'before-blank-line'];

/**
 * Starts the server on 127.0.0.1 (an ephemeral port). `stats` counts the connections, the drops by
 * kind and by how (fin, reset), and the requests' Last-Event-ID values.
 * @returns {Promise<{url: string, stats: object, close: () => Promise<void>}>}
 */
export async function startFaultServer({ count, seed = 1 }) {
  const stats = {
    requests: 0,
    drops: 0,
    byKind: Object.fromEntries(CUT_KINDS.map((kind) => [kind, 0])),
    resets: 0,
    lastEventIds: [],
  };
  const next = seededRandom(seed);
  const pick = (list) => list[Math.floor(next() * list.length)];
  const sockets = new Set();
  const server = http.createServer((req, res) => {
    stats.requests += 1;
    res.shouldKeepAlive = false;
    const lastEventId = Number.parseInt(req.headers['last-event-id'] ?? '0', 10) || 0;
    stats.lastEventIds.push(lastEventId);
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store' });
    const whole = Math.floor(next() * 4);
    const parts = [Buffer.from('retry: 0\r\n\r\n')];
    let k = lastEventId + 1;
    for (; k <= count && k <= lastEventId + whole; k++) parts.push(eventBytes(k));
    if (k > count) return res.end(Buffer.concat(parts));
    const bytes = eventBytes(k);
    const kind = pick(CUT_KINDS);
    parts.push(bytes.subarray(0, pick(cutPoints(bytes)[kind])));
    stats.drops += 1;
    stats.byKind[kind] += 1;
    const reset = next() < 0.5;
    if (reset) stats.resets += 1;
    res.write(Buffer.concat(parts), () => (reset ? req.socket.resetAndDestroy() : req.socket.destroy()));
  });
  server.on('connection', (socket) => {
    socket.setNoDelay(true);
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  return {
    url: `http://127.0.0.1:${server.address().port}/`,
    stats,
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
