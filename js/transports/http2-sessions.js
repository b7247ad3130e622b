// The sessions of the node:http2 transport (transport: 'http2'): one per origin (and `tls` option) for every
// source of the process, each request a stream of it. A session's streams never exceed the server's
// SETTINGS_MAX_CONCURRENT_STREAMS: a request waits for a free stream instead (a stream the server refuses,
// REFUSED_STREAM, waits again). A session that says GOAWAY takes no new streams: later requests open another;
// a failed session fails the requests still waiting in it, as network errors. Node's builtins are looked up
// at run time (node-http-transport.js says why).

// An idle session (no stream, none waiting) is closed after this long, and keeps no process alive meanwhile.
const IDLE_CLOSE_MS = 5000;
// Headers HTTP/2 forbids (RFC 9113 §8.2.2); the ones with meaning here are carried by pseudo-headers.
const CONNECTION_HEADERS = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'upgrade',
  'host',
]);

const sessions = new Map(); // key (origin and tls option) → Session

/**
 * A request of `url` (a URL) with { method, headers (an object), body (bytes or null) } over the shared session
 * for its origin: an object with the ClientRequest members http-exchange.js uses (on('response' | 'error'),
 * setTimeout, end, destroy). Its 'response' gives the stream, with statusCode, statusMessage (''), rawHeaders
 * and complete (true once its body ended) as an IncomingMessage has them.
 */
export function openHttp2Request(url, { method, headers }, tls) {
  const request = new Http2Request(url, method, headers, tls);
  request.session = sessionFor(url, tls); // it waits there from end() on, which gives its body
  return request;
}

// The session requests to `url`'s origin with `tls` share: the open one, or a new one.
function sessionFor(url, tls) {
  const key = `${url.origin} ${JSON.stringify(tls ?? null)}`;
  let session = sessions.get(key);
  if (session === undefined || session.closing) {
    session = new Session(key, url, tls);
    sessions.set(key, session);
  }
  return session;
}

/** How many sessions, streams and waiting requests the transport holds (for tests). */
export function http2Stats() {
  let streams = 0;
  let waiting = 0;
  for (const session of sessions.values()) {
    streams += session.active;
    waiting += session.queue.length;
  }
  return { sessions: sessions.size, streams, waiting };
}

class Session {
  key;
  session;
  active = 0;
  queue = []; // Http2Requests waiting for a stream, in order
  closing = false; // GOAWAY, closed or failed: no new streams
  #limit = 0; // the server's SETTINGS_MAX_CONCURRENT_STREAMS, once its SETTINGS came (0 until then)
  #idleTimer = null;

  constructor(key, url, tls) {
    this.key = key;
    const http2 = globalThis.process.getBuiltinModule('node:http2');
    this.session = http2.connect(url.origin, { ...tls });
    this.session.on('remoteSettings', (settings) => {
      this.#limit = settings.maxConcurrentStreams ?? 2 ** 32 - 1;
      this.#dispatch();
    });
    this.session.on('goaway', () => this.#retire(null));
    this.session.on('error', (error) => this.#retire(error));
    this.session.on('close', () => this.#retire(null));
  }

  enqueue(request) {
    request.session = this;
    this.#busy();
    this.queue.push(request);
    this.#dispatch();
  }

  /** A request aborted before its stream opened leaves the queue. */
  dequeue(request) {
    const at = this.queue.indexOf(request);
    if (at >= 0) this.queue.splice(at, 1);
    this.#idleSoon();
  }

  #dispatch() {
    while (!this.closing && this.queue.length > 0 && this.active < this.#limit) {
      const request = this.queue.shift();
      this.active++;
      request.open(this.session, () => {
        this.active--;
        this.#dispatch();
        this.#idleSoon();
      });
    }
  }

  /** The server refused the stream unprocessed (REFUSED_STREAM): it waits for the next free one. */
  requeue(request) {
    if (this.closing) return openAgain(request);
    this.queue.unshift(request);
    this.#dispatch();
  }

  // No new streams here: GOAWAY, or the session closed or failed. Requests still waiting fail with the
  // session's error, or (a GOAWAY, a clean close) wait in a new session.
  #retire(error) {
    if (sessions.get(this.key) === this) sessions.delete(this.key);
    this.closing = true;
    clearTimeout(this.#idleTimer);
    const waiting = this.queue.splice(0);
    for (const request of waiting) {
      if (error) request.fail(error);
      else openAgain(request);
    }
  }

  #busy() {
    clearTimeout(this.#idleTimer);
    this.#idleTimer = null;
    this.session.ref();
  }

  #idleSoon() {
    if (this.active > 0 || this.queue.length > 0 || this.closing) return;
    this.session.unref();
    clearTimeout(this.#idleTimer);
    // Retired first: a request that comes while it closes opens a new session rather than fail on this one.
    this.#idleTimer = setTimeout(() => {
      this.#retire(null);
      this.session.close();
    }, IDLE_CLOSE_MS);
    this.#idleTimer.unref();
  }
}

// A waiting request whose session retired goes to the origin's next session.
function openAgain(request) {
  sessionFor(request.target.url, request.target.tls).enqueue(request);
}

/** One request: waits in its session's queue, then is one stream of it. */
class Http2Request {
  session = null;
  target; // { url, tls }: where it goes again if its session retires before it opened
  #listeners = { response: [], error: [] };
  #headers;
  #body = null;
  #stream = null;
  #timeout = null; // [ms, callback] of setTimeout(), applied to the stream once it opens
  #destroyed = false;

  constructor(url, method, headers, tls) {
    const pathname = `${url.pathname}${url.search}`;
    this.#headers = {
      ':method': method,
      ':path': pathname,
      ':scheme': url.protocol.slice(0, -1),
      ':authority': url.host,
    };
    for (const [name, value] of Object.entries(headers)) {
      const lower = name.toLowerCase();
      if (!CONNECTION_HEADERS.has(lower)) this.#headers[lower] = value;
    }
    this.target = { url, tls };
  }

  on(name, listener) {
    this.#listeners[name].push(listener);
    return this;
  }

  emit(name, value) {
    for (const listener of this.#listeners[name]) listener(value);
  }

  setTimeout(ms, callback) {
    this.#timeout = [ms, callback];
    this.#stream?.setTimeout(ms, callback);
  }

  end(body) {
    this.#body = body ?? null;
    if (!this.#destroyed) this.session.enqueue(this);
  }

  destroy() {
    if (this.#destroyed) return;
    this.#destroyed = true;
    if (this.#stream !== null) this.#stream.destroy();
    else this.session?.dequeue(this);
  }

  /** Fails a request that never got its stream. */
  fail(error) {
    if (this.#destroyed) return;
    this.#destroyed = true;
    this.emit('error', error);
  }

  /** Its turn: opens the stream on `session`; `closed()` once the stream is gone. */
  open(session, closed) {
    if (this.#destroyed) return closed();
    let stream;
    try {
      stream = session.request(this.#headers, { endStream: this.#body === null });
    } catch (error) {
      closed();
      return this.fail(error);
    }
    this.#stream = stream;
    if (this.#timeout !== null) stream.setTimeout(...this.#timeout);
    if (this.#body !== null) stream.end(this.#body);
    let refused = false;
    stream.on('response', (headers) => {
      const rawHeaders = [];
      for (const [name, value] of Object.entries(headers)) {
        if (name.startsWith(':')) continue;
        for (const one of Array.isArray(value) ? value : [value]) rawHeaders.push(name, String(one));
      }
      Object.assign(stream, { statusCode: headers[':status'], statusMessage: '', rawHeaders, complete: false });
      stream.once('end', () => (stream.complete = true));
      this.emit('response', stream);
    });
    stream.on('error', (error) => {
      // REFUSED_STREAM: the server did not process it, so it may go again (RFC 9113 §8.7).
      if (stream.rstCode === REFUSED_STREAM && stream.statusCode === undefined && !this.#destroyed) {
        refused = true;
        return;
      }
      this.emit('error', error);
    });
    stream.on('close', () => {
      closed();
      if (refused) {
        this.#stream = null;
        this.session.requeue(this);
      }
    });
  }
}

const REFUSED_STREAM = 7;
