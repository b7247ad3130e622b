// A CoreSession sink that records what the core asks for, as the EventSource would see it.
import { seededRandom } from './seeded-random.js';

export class RecordingSink {
  events = [];
  actions = [];
  lastEventId = '';
  errors = [];
  reconnectDelay = null;

  startRequest(lastEventId) {
    this.actions.push(`start(${lastEventId})`);
  }
  abortRequest() {
    this.actions.push('abort');
  }
  announce() {
    this.actions.push('open');
  }
  fireError(readyState, code, status) {
    this.actions.push(`error(${readyState},${code},${status})`);
    this.errors.push(code);
  }
  scheduleReconnect(ms) {
    this.actions.push(`schedule(${ms})`);
    this.reconnectDelay = ms;
  }
  cancelReconnect() {
    this.actions.push('cancel');
  }
  setLastEventId(id) {
    this.lastEventId = id;
  }
  dispatchOptions(target, bubbles, cancelable) {
    this.options = { target, bubbles, cancelable };
  }
  dispatch(type, data) {
    const { target = '', bubbles = false, cancelable = false } = this.options ?? {};
    this.options = null;
    this.events.push({ type, data, lastEventId: this.lastEventId, bubbles, cancelable, target });
  }
}

/** Splits bytes at seeded random points, with an empty chunk now and then. */
export function randomSplits(bytes, seed) {
  const random = seededRandom(seed);
  const chunks = [];
  for (let pos = 0; pos < bytes.length;) {
    const len = random() < 0.2 ? 0 : 1 + Math.floor(random() * Math.min(9, bytes.length - pos));
    chunks.push(bytes.subarray(pos, pos + len));
    pos += len;
  }
  return chunks;
}

export function oneByteAtATime(bytes) {
  return Array.from(bytes, (_, i) => bytes.subarray(i, i + 1));
}
