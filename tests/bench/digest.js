// A strong digest of an event sequence (type, data, lastEventId, in order): how agreement is checked.
//
// SHA-256 over one JSON line per event, so every field of every event counts and no two sequences
// share a serialisation. tests/bench/browser-page.js computes the same lines in the page.
import { createHash } from 'node:crypto';

/** The line one event contributes to the digest. */
export function eventLine(type, data, lastEventId) {
  return `${JSON.stringify([type, data, lastEventId])}\n`;
}

/** An incremental digester: add(type, data, lastEventId) per event, then digest() → hex. */
export function createDigester() {
  const hash = createHash('sha256');
  let events = 0;
  return {
    add(type, data, lastEventId) {
      events++;
      hash.update(eventLine(type, data, lastEventId));
    },
    get events() {
      return events;
    },
    digest: () => hash.digest('hex'),
  };
}

/** The digest of a list of { type, data, lastEventId }. */
export function eventDigest(events) {
  const digester = createDigester();
  for (const { type, data, lastEventId } of events) digester.add(type, data, lastEventId);
  return digester.digest();
}
