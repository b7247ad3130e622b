// A token bucket per key (a client id or an address): bursts up to `burst`, then `perSecond`.

export class RateLimiter {
  #burst;
  #perSecond;
  #buckets = new Map(); // key → { tokens, at }
  #maxKeys;

  constructor({ burst = 5, perSecond = 1, maxKeys = 10000 } = {}) {
    this.#burst = burst;
    this.#perSecond = perSecond;
    this.#maxKeys = maxKeys;
  }

  /** True when `key` may act now (and spends a token); false when it must wait. */
  allow(key, now = Date.now()) {
    let bucket = this.#buckets.get(key);
    if (bucket === undefined) {
      if (this.#buckets.size >= this.#maxKeys) this.#buckets.clear(); // bounded memory, whoever asks
      bucket = { tokens: this.#burst, at: now };
      this.#buckets.set(key, bucket);
    }
    bucket.tokens = Math.min(this.#burst, bucket.tokens + ((now - bucket.at) / 1000) * this.#perSecond);
    bucket.at = now;
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }
}
