// The demo's open event streams: a cap on how many, who owns each (a page's client id), heartbeats,
// and dropping a client's streams on request so a person can watch the EventSource resume.

const HEARTBEAT_MS = 15000; // the standard's advice: a comment about every 15 s keeps proxies from timing out

export class StreamRegistry {
  #maxStreams;
  #streams = new Set();

  /** maxStreams: open streams at once; more are refused with 503. */
  constructor({ maxStreams = 100 } = {}) {
    this.#maxStreams = maxStreams;
  }

  get size() {
    return this.#streams.size;
  }

  /**
   * Answers `req` with an event stream of `contentType` and registers it under the page's client id
   * (the `client` query parameter). Returns the stream, or null after answering 503 when full.
   * stream: { clientId, lastEventId, write(text), onClose(fn) }.
   */
  open(req, res, { contentType = 'text/event-stream', url }) {
    if (this.#streams.size >= this.#maxStreams) {
      res.writeHead(503, { 'Content-Type': 'text/plain', 'Retry-After': '10' });
      res.end('too many open streams\n');
      return null;
    }
    res.writeHead(200, { 'Content-Type': contentType, 'Cache-Control': 'no-store', 'X-Accel-Buffering': 'no' });
    const comment = contentType === 'text/event-stream' ? ':' : ';'; // the legacy format's comments start with ;
    const heartbeat = setInterval(() => res.write(`${comment} heartbeat\n\n`), HEARTBEAT_MS);
    const closers = [() => clearInterval(heartbeat)];
    const stream = {
      clientId: url.searchParams.get('client') ?? '',
      lastEventId: req.headers['last-event-id'] ?? '',
      res,
      write: (text) => res.write(text),
      onClose: (fn) => closers.push(fn),
    };
    this.#streams.add(stream);
    res.on('close', () => {
      this.#streams.delete(stream);
      for (const fn of closers) fn();
    });
    return stream;
  }

  /** Ends the connection of every stream of `clientId`, as a network failure would. Returns how many. */
  drop(clientId) {
    let dropped = 0;
    for (const stream of this.#streams) {
      if (clientId !== '' && stream.clientId === clientId) {
        stream.res.destroy();
        dropped++;
      }
    }
    return dropped;
  }

  /** Writes `text` to every open stream that `accept(stream)` selects. */
  broadcast(text, accept = () => true) {
    for (const stream of this.#streams) if (accept(stream)) stream.write(text);
  }

  closeAll() {
    for (const stream of this.#streams) stream.res.destroy();
  }
}
