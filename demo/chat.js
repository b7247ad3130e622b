// The chat room, after Opera Web Chat: one room, messages posted over HTTP and pushed to everyone as
// server-sent events, both as a standard text/event-stream (for EventSource) and as the 2006
// application/x-dom-event-stream (for Opera 9's <event-source> element). Both kinds of stream share
// the room. Every room event (a message, a join, a leave) gets the next numeric id and goes into a
// bounded history: a standard stream carries `id:` and resumes after Last-Event-ID with exactly what
// it missed; the legacy format has no ids, so a legacy stream starts with `Event: connected` and the
// whole history on every connection, and the page skips the ids it has already shown.
//
// Routes:
//   GET  /chat/stream?nick=&client=          text/event-stream: `message`, `join`, `leave` events
//   GET  /chat/legacy-stream?nick=&client=   application/x-dom-event-stream: `Event: connected`, then
//                                            `chat-message`, `join`, `leave`
//   POST /chat/messages                      JSON { nick, text }; 201 { id }, or 400/413/429 { error }
// (`client` names a page's streams for the drop button; rate limits count per client address.)
// A stream with a nick puts that nick in the room: `join` when its first stream opens, `leave` when its
// last one has been closed for LEAVE_GRACE_MS (a reconnect within that time, even a legacy one after
// its 5 s, announces nothing).
import { clientAddress, readLimitedPost, sendJson } from './http-util.js';

export const HISTORY_SIZE = 50; // room events kept for replay
export const MAX_TEXT_CHARS = 500;
export const MAX_NICK_CHARS = 24;
// 500 characters can take 2000 bytes of UTF-8 (emoji), plus the nick and the JSON around them.
export const MAX_BODY_BYTES = 4096;
export const LEAVE_GRACE_MS = 8000;
const RETRY_MS = 1000;

/** A nick, trimmed, or { error }. */
function parseNick(value) {
  if (typeof value !== 'string') return { error: 'nick must be a string' };
  const nick = value.trim();
  if (nick === '') return { error: 'pick a nickname' };
  if ([...nick].length > MAX_NICK_CHARS) return { error: `the nickname is longer than ${MAX_NICK_CHARS} characters` };
  if (/\p{Cc}/u.test(nick)) return { error: 'the nickname has control characters' };
  return { nick };
}

/** The message a person posts, validated; { error, status } when it is refused. */
function parseMessage(body) {
  let value;
  try {
    value = JSON.parse(body);
  } catch {
    return { error: 'the body is not JSON: send {"nick": "...", "text": "..."}', status: 400 };
  }
  if (value === null || typeof value !== 'object')
    return { error: 'send a JSON object {"nick": "...", "text": "..."}', status: 400 };
  const nick = parseNick(value.nick);
  if (nick.error !== undefined) return { ...nick, status: 400 };
  if (typeof value.text !== 'string') return { error: 'text must be a string', status: 400 };
  const text = value.text.trim();
  if (text === '') return { error: 'the message is empty', status: 400 };
  const length = [...text].length;
  if (length > MAX_TEXT_CHARS)
    return { error: `the message is ${length} characters; at most ${MAX_TEXT_CHARS}`, status: 413 };
  return { nick: nick.nick, text };
}

class Room {
  #history = []; // [{ id, type, data (JSON text) }], oldest first
  #lastId = 0;
  #standard = new Set();
  #legacy = new Set();
  #present = new Map(); // nick → { streams, timer }
  #leaveGraceMs;

  constructor(leaveGraceMs = LEAVE_GRACE_MS) {
    this.#leaveGraceMs = leaveGraceMs;
  }

  /** Adds an event to the history and sends it to every chat stream. */
  publish(type, fields) {
    const id = ++this.#lastId;
    const event = { id, type, data: JSON.stringify({ id, ...fields, at: new Date().toISOString() }) };
    this.#history.push(event);
    if (this.#history.length > HISTORY_SIZE) this.#history.shift();
    for (const stream of this.#standard) stream.write(standardText(event));
    for (const stream of this.#legacy) stream.write(legacyText(event));
    return id;
  }

  /** Starts a standard stream: exactly the events after its Last-Event-ID, or the whole history. */
  openStandard(stream, nick) {
    const after = /^\d{1,15}$/.test(stream.lastEventId) ? Number(stream.lastEventId) : NaN;
    // An id this server never sent (it restarted): start over with the history.
    const backlog = after <= this.#lastId ? this.#history.filter((event) => event.id > after) : this.#history;
    stream.write(`retry: ${RETRY_MS}\n\n${backlog.map(standardText).join('')}`);
    this.#add(this.#standard, stream, nick);
  }

  /** Starts a legacy stream: `connected`, then the whole history (the page skips what it has). */
  openLegacy(stream, nick) {
    const connected = `Event: connected\ndata: ${JSON.stringify({ lastId: this.#lastId })}\n\n`;
    stream.write(connected + this.#history.map(legacyText).join(''));
    this.#add(this.#legacy, stream, nick);
  }

  #add(set, stream, nick) {
    set.add(stream);
    if (nick !== null) this.#arrive(nick);
    stream.onClose(() => {
      set.delete(stream);
      if (nick !== null) this.#depart(nick);
    });
  }

  #arrive(nick) {
    const presence = this.#present.get(nick);
    if (presence === undefined) {
      this.#present.set(nick, { streams: 1, timer: null });
      this.publish('join', { nick });
    } else {
      presence.streams++;
      clearTimeout(presence.timer);
      presence.timer = null;
    }
  }

  #depart(nick) {
    const presence = this.#present.get(nick);
    if (--presence.streams > 0) return;
    presence.timer = setTimeout(() => {
      this.#present.delete(nick);
      this.publish('leave', { nick });
    }, this.#leaveGraceMs);
    presence.timer.unref?.(); // never what keeps a process alive (a closing server's streams end after stop())
  }

  stop() {
    for (const presence of this.#present.values()) clearTimeout(presence.timer);
  }
}

const standardText = ({ id, type, data }) => `id: ${id}\nevent: ${type}\ndata: ${data}\n\n`;
// JSON.stringify escapes line breaks, so the data is always one line in either format.
const legacyText = ({ type, data }) => `Event: ${type === 'message' ? 'chat-message' : type}\ndata: ${data}\n\n`;

/** Adds the chat routes; returns stop(), which clears the room's leave timers (the server's close()). */
export function register({ route, streams, rateLimiter, leaveGraceMs }) {
  const room = new Room(leaveGraceMs); // one per running demo server (tests may run several in one process)
  const postLimiter = rateLimiter({ burst: 5, perSecond: 1 });
  // Each connection can announce a join: a page reconnects about once a second at most.
  const connectLimiter = rateLimiter({ burst: 10, perSecond: 1 });

  const openStream = (legacy) => (req, res, url) => {
    const nick = url.searchParams.has('nick') ? parseNick(url.searchParams.get('nick')) : { nick: null };
    if (nick.error !== undefined) return sendJson(res, 400, nick);
    if (!connectLimiter.allow(clientAddress(req)))
      return sendJson(res, 429, { error: 'too many connections: wait a few seconds' });
    const contentType = legacy ? 'application/x-dom-event-stream' : 'text/event-stream';
    const stream = streams.open(req, res, { url, contentType });
    if (stream === null) return;
    if (legacy) room.openLegacy(stream, nick.nick);
    else room.openStandard(stream, nick.nick);
  };
  route('GET', '/chat/stream', openStream(false));
  route('GET', '/chat/legacy-stream', openStream(true));

  route('POST', '/chat/messages', async (req, res, url) => {
    const body = await readLimitedPost(req, res, postLimiter, {
      maxBytes: MAX_BODY_BYTES,
      retryAfterSeconds: 1,
      tooMany: 'too many messages: at most 5 at once, then 1 a second',
    });
    if (body === null) return;
    const message = parseMessage(body);
    if (message.error !== undefined) return sendJson(res, message.status, { error: message.error });
    sendJson(res, 201, { id: room.publish('message', message) });
  });
  return () => room.stop();
}
