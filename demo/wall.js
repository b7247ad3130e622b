// The social wall, after the 2011 Mozilla Hacks server-sent events example: status updates go out as
// plain messages (no `event:` field, so they reach onmessage) and other activity as typed events
// (`event: like`, `follow`, `comment`, `share`, which reach addEventListener(type) only). Every event
// carries an increasing numeric `id:`; a bounded history lets a reconnecting EventSource resume with
// exactly what it missed after its Last-Event-ID.
//
// Routes:
//   GET  /wall/stream?client=ID   the event stream (a snapshot of recent activity first, or the replay
//                                 after Last-Event-ID)
//   POST /wall/status             post a status: JSON { user, text }; 201 { id }, or 400/413/429 with a reason
//                                 (rate-limited per client address)
//   GET  /wall/history            the server's history as JSON { events: [{ id, type, data }] }
import { readLimitedPost, sendJson } from './http-util.js';

export const HISTORY_SIZE = 100; // events kept for replay after Last-Event-ID
export const SNAPSHOT_SIZE = 20; // events a new connection (no Last-Event-ID) starts with
export const GENERATE_MS = 700; // one synthetic activity this often, while at least one wall stream is open
export const MAX_TEXT_CHARS = 280;
export const MAX_USER_CHARS = 24;
export const MAX_BODY_BYTES = 2048;
export const TYPES = ['message', 'like', 'follow', 'comment', 'share']; // 'message': a status update
const RETRY_MS = 1000; // a dropped page is back within a second

const USERS = ['ada', 'brendan', 'grace', 'linus', 'margaret', 'tim', 'hedy', 'alan', 'barbara', 'ken'];
const SUBJECTS = [
  'the parser',
  'my build',
  'the new release',
  'this demo',
  'the Wasm core',
  'our CI',
  'the coffee machine',
];
const VERBS = ['just fixed', 'is refactoring', 'benchmarked', 'broke', 'finally shipped', 'is reviewing', 'rewrote'];
const ENDINGS = ['again', 'in C++', 'before lunch', 'for fun', 'with one hand', 'in 3 ms', 'on a Friday'];
const COMMENTS = ['+1', 'nice!', 'how fast is it?', 'ship it', 'works for me', 'source?', 'same here'];
// Weights of the synthetic activity: statuses and likes most often, follows and shares least.
const WEIGHTS = [
  ['message', 3],
  ['like', 3],
  ['comment', 2],
  ['follow', 1],
  ['share', 1],
];

/** A small deterministic PRNG (mulberry32): the same activity every run, but it looks random. */
function prng(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One server's wall: the history, the wall's open streams and the generator's timer. */
class Wall {
  #history = []; // [{ id, type, data (JSON text), text (the event as sent) }], oldest first
  #lastId = 0;
  #streams = new Set();
  #timer = null;
  #random = prng(2011);

  get history() {
    return this.#history;
  }

  /** Records an event in the history and sends it to every wall stream; returns its id. */
  publish(type, fields) {
    const id = ++this.#lastId;
    const data = JSON.stringify({ id, ...fields, at: new Date().toISOString() });
    // JSON.stringify escapes line breaks, so the data is always one `data:` line.
    const text = `id: ${id}\n${type === 'message' ? '' : `event: ${type}\n`}data: ${data}\n\n`;
    this.#history.push({ id, type, data, text });
    if (this.#history.length > HISTORY_SIZE) this.#history = this.#history.slice(-HISTORY_SIZE);
    for (const stream of this.#streams) stream.write(text);
    return id;
  }

  /** Starts `stream` with its backlog and adds it to the wall; replay and registration share one turn. */
  join(stream) {
    stream.write(
      `retry: ${RETRY_MS}\n\n${this.#backlog(stream.lastEventId)
        .map((event) => event.text)
        .join('')}`,
    );
    this.#streams.add(stream);
    if (this.#timer === null) {
      this.#timer = setInterval(() => this.#generate(), GENERATE_MS);
      this.#timer.unref?.(); // never what keeps a process alive
    }
    stream.onClose(() => {
      this.#streams.delete(stream);
      if (this.#streams.size === 0) this.stop();
    });
  }

  stop() {
    if (this.#timer !== null) clearInterval(this.#timer);
    this.#timer = null;
  }

  /**
   * What a connection starts with: after a Last-Event-ID this server sent, exactly the events after it
   * (all of the history when it is older than that); without one, or with one this server never sent
   * (it restarted), the last SNAPSHOT_SIZE events.
   */
  #backlog(lastEventId) {
    const after = /^\d{1,15}$/.test(lastEventId) ? Number(lastEventId) : NaN;
    if (after <= this.#lastId) return this.#history.filter((event) => event.id > after);
    return this.#history.slice(-SNAPSHOT_SIZE);
  }

  /** One synthetic activity; likes, comments and shares point at a recent status. */
  #generate() {
    const pick = (list) => list[Math.floor(this.#random() * list.length)];
    const user = pick(USERS);
    let roll = this.#random() * WEIGHTS.reduce((sum, [, weight]) => sum + weight, 0);
    let type = WEIGHTS.find(([, weight]) => (roll -= weight) < 0)?.[0] ?? 'message';
    const statuses = this.#history.filter((event) => event.type === 'message').slice(-10);
    if (statuses.length === 0 && type !== 'follow') type = 'message';
    const status = statuses.length > 0 ? JSON.parse(pick(statuses).data) : null;
    switch (type) {
      case 'message': {
        const text = `${pick(SUBJECTS)}: ${pick(VERBS)} it ${pick(ENDINGS)}`;
        return this.publish('message', { user, text: text[0].toUpperCase() + text.slice(1) });
      }
      case 'like':
        return this.publish('like', { user, status: status.id, author: status.user });
      case 'comment':
        return this.publish('comment', { user, status: status.id, author: status.user, text: pick(COMMENTS) });
      case 'share':
        return this.publish('share', { user, status: status.id, author: status.user });
      default: {
        const others = USERS.filter((name) => name !== user);
        return this.publish('follow', { user, whom: pick(others) });
      }
    }
  }
}

/** The status a person posts, validated; { error } when it is refused. */
function parseStatus(body) {
  let value;
  try {
    value = JSON.parse(body);
  } catch {
    return { error: 'the body is not JSON: send {"user": "...", "text": "..."}' };
  }
  if (value === null || typeof value !== 'object')
    return { error: 'send a JSON object {"user": "...", "text": "..."}' };
  const { user, text } = value;
  if (typeof user !== 'string' || typeof text !== 'string') return { error: 'user and text must be strings' };
  const name = user.trim();
  const status = text.trim();
  if (name === '') return { error: 'user is empty' };
  if ([...name].length > MAX_USER_CHARS) return { error: `user is longer than ${MAX_USER_CHARS} characters` };
  if (status === '') return { error: 'text is empty' };
  if ([...status].length > MAX_TEXT_CHARS) return { error: `text is longer than ${MAX_TEXT_CHARS} characters` };
  return { user: name, text: status };
}

/** Adds the wall routes; returns stop(), which clears the generator's timer (the server's close()). */
export function register({ route, streams, rateLimiter }) {
  const wall = new Wall(); // one per running demo server (tests may run several in one process)
  const limiter = rateLimiter({ burst: 5, perSecond: 0.5 });

  route('GET', '/wall/stream', (req, res, url) => {
    const stream = streams.open(req, res, { url });
    if (stream !== null) wall.join(stream);
  });

  route('POST', '/wall/status', async (req, res, url) => {
    const body = await readLimitedPost(req, res, limiter, {
      maxBytes: MAX_BODY_BYTES,
      retryAfterSeconds: 2,
      tooMany: 'too many posts: wait a few seconds',
    });
    if (body === null) return;
    const status = parseStatus(body);
    if (status.error !== undefined) return sendJson(res, 400, status);
    sendJson(res, 201, { id: wall.publish('message', status) });
  });

  route('GET', '/wall/history', (req, res) => {
    sendJson(res, 200, { events: wall.history.map(({ id, type, data }) => ({ id, type, data: JSON.parse(data) })) });
  });
  return () => wall.stop();
}
