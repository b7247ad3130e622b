// Bounded waits and event recording for the EventSource behaviour tests (browser-safe ESM): nothing here can hang a test.

/** Resolves after `ms` milliseconds. */
export function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Resolves in a later macrotask: what was already queued (a chunk read, an event) has run by then. */
export function nextTask() {
  return sleep(0);
}

/**
 * Resolves with the first `count` events of `type` dispatched at `target` from now on.
 * Rejects after `timeoutMs` with how many it saw.
 */
export function waitFor(target, type, count = 1, timeoutMs = 2000) {
  return new Promise((resolve, reject) => {
    const seen = [];
    const listener = (event) => {
      seen.push(event);
      if (seen.length < count) return;
      clearTimeout(timer);
      target.removeEventListener(type, listener);
      resolve(seen);
    };
    const timer = setTimeout(() => {
      target.removeEventListener(type, listener);
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${count} '${type}' event(s); saw ${seen.length}`));
    }, timeoutMs);
    target.addEventListener(type, listener);
  });
}

/**
 * Polls `predicate` every `intervalMs` until it returns (or resolves with) a truthy value, which it
 * resolves with. Rejects after `timeoutMs`; `describe()` adds the current state to the message.
 */
export async function waitUntil(predicate, timeoutMs = 2000, describe = () => '', intervalMs = 5) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await predicate();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms ${describe()}`);
    await sleep(intervalMs);
  }
}

/**
 * Records every event of `types` dispatched at `source`, in order, with the source's readyState at
 * dispatch time. `until(predicate)` waits (bounded) for the log to satisfy `predicate(recorder)`.
 */
export function record(source, types = ['open', 'message', 'error']) {
  const log = [];
  for (const type of types) {
    source.addEventListener(type, (event) => log.push(snapshot(event, source)));
  }
  const recorder = {
    log,
    of: (type) => log.filter((entry) => entry.type === type),
    data: (type = 'message') => recorder.of(type).map((entry) => entry.data),
    types: () => log.map((entry) => entry.type),
    until: (predicate, timeoutMs = 2000) =>
      waitUntil(
        () => predicate(recorder),
        timeoutMs,
        () => `; events so far: ${summary(log)}`,
      ),
  };
  return recorder;
}

function snapshot(event, source) {
  const { type, data, lastEventId, origin, code, status, message } = event;
  return { type, data, lastEventId, origin, code, status, message, readyState: source.readyState, event };
}

function summary(log) {
  return JSON.stringify(log.map(({ type, data, code, readyState }) => ({ type, data, code, readyState })));
}
