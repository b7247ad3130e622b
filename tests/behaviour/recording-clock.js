// A clock for the `timers` option that runs on the real timers but knows which are pending (browser-safe
// ESM): a source on it reconnects in real time, as on the default timers, and a test can still prove that
// it will not reconnect: once the source is CLOSED and none of its timers is pending, no timer is left to
// start a request (t.settled in event-source-behaviour.js). FakeClock (fake-clock.js) is for tests that
// move time on themselves.

export class RecordingClock {
  #timers = new Map(); // handle → { id, ms }
  /** Every delay ever scheduled, in order (cleared ones too). */
  scheduled = [];

  setTimeout = (callback, ms) => {
    const handle = {};
    const id = setTimeout(() => {
      this.#timers.delete(handle);
      callback();
    }, ms);
    this.#timers.set(handle, { id, ms });
    this.scheduled.push(ms);
    return handle;
  };

  clearTimeout = (handle) => {
    const timer = this.#timers.get(handle);
    if (timer === undefined) return;
    clearTimeout(timer.id);
    this.#timers.delete(handle);
  };

  now = () => Date.now();

  /** The delays of the timers pending now, in the order they were set. */
  pending() {
    return [...this.#timers.values()].map((timer) => timer.ms);
  }
}
