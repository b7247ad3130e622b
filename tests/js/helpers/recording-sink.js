// A CoreSession sink that records what the core asks for, as the EventSource would see it.
export class RecordingSink {
  events = [];
  actions = [];
  lastEventId = '';
  errors = [];
  reconnectDelay = null;

  startRequest(lastEventId) { this.actions.push(`start(${lastEventId})`); }
  abortRequest() { this.actions.push('abort'); }
  announce() { this.actions.push('open'); }
  fireError(readyState, code, status) {
    this.actions.push(`error(${readyState},${code},${status})`);
    this.errors.push(code);
  }
  scheduleReconnect(ms) {
    this.actions.push(`schedule(${ms})`);
    this.reconnectDelay = ms;
  }
  cancelReconnect() { this.actions.push('cancel'); }
  setLastEventId(id) { this.lastEventId = id; }
  dispatchOptions(target, bubbles, cancelable) { this.options = { target, bubbles, cancelable }; }
  dispatch(type, data) {
    const { target = '', bubbles = false, cancelable = false } = this.options ?? {};
    this.options = null;
    this.events.push({ type, data, lastEventId: this.lastEventId, bubbles, cancelable, target });
  }
}

/** A deterministic PRNG (mulberry32), so random splits are the same on every run. */
export function seededRandom(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Splits bytes at seeded random points, with an empty chunk now and then. */
export function randomSplits(bytes, seed) {
  const random = seededRandom(seed);
  const chunks = [];
  for (let pos = 0; pos < bytes.length; ) {
    const len = random() < 0.2 ? 0 : 1 + Math.floor(random() * Math.min(9, bytes.length - pos));
    chunks.push(bytes.subarray(pos, pos + len));
    pos += len;
  }
  return chunks;
}

export function oneByteAtATime(bytes) {
  return Array.from(bytes, (_, i) => bytes.subarray(i, i + 1));
}
