// The demo's open event streams: caps on how many (in all and per client address), who owns each (a
// page's client id), heartbeats, bounded buffering for slow readers, and dropping a page's streams on
// request so a person can watch the EventSource resume.
import { boundedWriter } from './back-pressure.js';
import { clientAddress } from './http-util.js';

const HEARTBEAT_MS = 15000; // the standard's advice: a comment about every 15 s keeps proxies from timing out
export const MAX_STREAMS_PER_CLIENT = 16; // a few tabs of every demo page, each with its streams

export class StreamRegistry {
  #maxStreams;
  #maxStreamsPerClient;
  #writerOptions;
  #log;
  #streams = new Set();
  #perAddress = new Map(); // client address → open streams

  /**
   * maxStreams: open streams at once, more are refused with 503; maxStreamsPerClient: open streams of
   * one client address, more are refused with 429; maxBufferedBytes, drainTimeoutMs: see
   * back-pressure.js; log(text): where dropped slow readers are reported.
   */
  constructor({
    maxStreams = 100,
    maxStreamsPerClient = MAX_STREAMS_PER_CLIENT,
    maxBufferedBytes,
    drainTimeoutMs,
    log = console.warn,
  } = {}) {
    this.#maxStreams = maxStreams;
    this.#maxStreamsPerClient = maxStreamsPerClient;
    this.#writerOptions = { maxBufferedBytes, drainTimeoutMs };
    this.#log = log;
  }

  get size() {
    return this.#streams.size;
  }

  /**
   * Answers `req` with an event stream of `contentType` and registers it under the page's client id
   * (the `client` query parameter). Returns the stream, or null after answering 503 (the server is
   * full) or 429 (this address has its share open).
   * stream: { clientId, address, lastEventId, write(text), onClose(fn) }.
   */
  open(req, res, { contentType = 'text/event-stream', url }) {
    const address = clientAddress(req);
    const refusal = this.#refusal(address);
    if (refusal !== null) {
      res.writeHead(refusal.status, { 'Content-Type': 'text/plain', 'Retry-After': '10' });
      res.end(refusal.text);
      return null;
    }
    res.writeHead(200, { 'Content-Type': contentType, 'Cache-Control': 'no-store', 'X-Accel-Buffering': 'no' });
    const write = boundedWriter(res, {
      ...this.#writerOptions,
      onDrop: (reason) => this.#log(`demo: dropped a stream of ${address} (${url.pathname}): ${reason}`),
    });
    const comment = contentType === 'text/event-stream' ? ':' : ';'; // the legacy format's comments start with ;
    const heartbeat = setInterval(() => write(`${comment} heartbeat\n\n`), HEARTBEAT_MS);
    const closers = [() => clearInterval(heartbeat)];
    const stream = {
      clientId: url.searchParams.get('client') ?? '',
      address,
      lastEventId: req.headers['last-event-id'] ?? '',
      res,
      write,
      onClose: (fn) => closers.push(fn),
    };
    this.#add(stream);
    res.on('close', () => {
      this.#remove(stream);
      for (const fn of closers) fn();
    });
    return stream;
  }

  #refusal(address) {
    if (this.#streams.size >= this.#maxStreams) return { status: 503, text: 'too many open streams\n' };
    if ((this.#perAddress.get(address) ?? 0) >= this.#maxStreamsPerClient) {
      return { status: 429, text: `too many open streams from one address: at most ${this.#maxStreamsPerClient}\n` };
    }
    return null;
  }

  #add(stream) {
    this.#streams.add(stream);
    this.#perAddress.set(stream.address, (this.#perAddress.get(stream.address) ?? 0) + 1);
  }

  #remove(stream) {
    this.#streams.delete(stream);
    const left = this.#perAddress.get(stream.address) - 1;
    if (left === 0) this.#perAddress.delete(stream.address);
    else this.#perAddress.set(stream.address, left);
  }

  /**
   * Ends the connection of every stream of `clientId` opened from `address` (a client id alone is
   * not proof of whose it is), as a network failure would. Returns how many.
   */
  drop(clientId, address) {
    let dropped = 0;
    for (const stream of this.#streams) {
      if (clientId !== '' && stream.clientId === clientId && stream.address === address) {
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
