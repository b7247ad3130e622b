// A token bucket per key (a client's address): bursts up to `burst`, then `perSecond`.

export class RateLimiter {
  #burst;
  #perSecond;
  #buckets = new Map(); // key → { tokens, at }, least recently used first
  #maxKeys;

  /** maxKeys: buckets kept; past it the least recently used one is forgotten. */
  constructor({ burst = 5, perSecond = 1, maxKeys = 10000 } = {}) {
    this.#burst = burst;
    this.#perSecond = perSecond;
    this.#maxKeys = maxKeys;
  }

  get size() {
    return this.#buckets.size;
  }

  /** True when `key` may act now (and spends a token); false when it must wait. */
  allow(key, now = Date.now()) {
    let bucket = this.#buckets.get(key);
    if (bucket === undefined) {
      bucket = { tokens: this.#burst, at: now };
    } else {
      bucket.tokens = Math.min(this.#burst, bucket.tokens + ((now - bucket.at) / 1000) * this.#perSecond);
      bucket.at = now;
      // Re-inserted below: a Map keeps insertion order, so the first key is the least recently used.
      this.#buckets.delete(key);
    }
    this.#buckets.set(key, bucket);
    // Evicting one old bucket at a time (not clearing them all) means a flood of new keys cannot hand
    // every client a fresh burst; the keys it evicts are the ones idle longest, mostly refilled anyway.
    if (this.#buckets.size > this.#maxKeys) this.#buckets.delete(this.#buckets.keys().next().value);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }
}
