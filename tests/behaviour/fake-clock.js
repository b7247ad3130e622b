// A fake clock for the `timers` option (browser-safe ESM): timers run only when a test advances the
// clock, so retry delays and the watchdog are checked without sleeping. Network I/O stays real.
import { waitUntil } from './events.js';

export class FakeClock {
  #now = Date.UTC(2026, 0, 1); // Date.now()'s scale: Retry-After dates are read against it
  #timers = new Map(); // id → { callback, at, ms }
  #nextId = 1;
  /** Every delay ever scheduled, in order (cleared ones too). */
  scheduled = [];

  setTimeout = (callback, ms) => {
    const id = this.#nextId++;
    this.#timers.set(id, { callback, at: this.#now + ms, ms });
    this.scheduled.push(ms);
    return id;
  };

  clearTimeout = (id) => {
    this.#timers.delete(id);
  };

  /** How many times now() was read: the source reads it on each chunk when it has a watchdog. */
  reads = 0;

  now = () => {
    this.reads += 1;
    return this.#now;
  };

  /** The delays of the timers pending now, in the order they were set. */
  pending() {
    return [...this.#timers.values()].map((timer) => timer.ms);
  }

  /** Waits (bounded, in real time) until a timer of `ms` is pending: the source has reached that point. */
  waitForTimer(ms, timeoutMs = 2000) {
    return waitUntil(
      () => this.pending().includes(ms),
      timeoutMs,
      () => `; pending timers: [${this.pending()}], all scheduled: [${this.scheduled}]`,
    );
  }

  /** Moves the clock on by `ms`, running each timer that falls due, earliest first. */
  advance(ms) {
    const until = this.#now + ms;
    for (;;) {
      const due = [...this.#timers.entries()]
        .filter(([, timer]) => timer.at <= until)
        .sort((a, b) => a[1].at - b[1].at)[0];
      if (due === undefined) break;
      const [id, timer] = due;
      this.#timers.delete(id);
      this.#now = timer.at;
      timer.callback();
    }
    this.#now = until;
  }
}
