// The timers a Connection runs: its reconnection and its inactivity watchdog, one pending call each.

/** The timers a Connection uses unless given others (a fake clock in tests): now() is Date.now()'s. */
export const SYSTEM_TIMERS = Object.freeze({
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (timer) => clearTimeout(timer),
  now: () => Date.now(),
});

/** At most one pending call on `timers` ({ setTimeout, clearTimeout }): set() replaces it. */
export class Timer {
  #timers;
  #handle = null;

  constructor(timers) {
    this.#timers = timers;
  }

  get pending() {
    return this.#handle !== null;
  }

  /** Calls `callback` after `ms`, instead of what was pending. */
  set(ms, callback) {
    this.clear();
    this.#handle = this.#timers.setTimeout(() => {
      this.#handle = null;
      callback();
    }, ms);
  }

  clear() {
    this.#timers.clearTimeout(this.#handle);
    this.#handle = null;
  }
}
