// The start of a failed response's body, for its error event's `body`: read up to FAILED_BODY_LIMIT
// bytes (as UTF-8 text) for at most FAILED_BODY_TIMEOUT_MS before the request is aborted.

export const FAILED_BODY_LIMIT = 4096;
const FAILED_BODY_TIMEOUT_MS = 1000;

/**
 * Reads the body through the transport's `readPrefix(limit)` (a promise of the text), then aborts
 * `request`. Returns { body, abort }: `body` is the promise of the text ('' when reading failed), and
 * abort() ends the read at once (close()), with what arrived by then. Aborts once, whichever comes first.
 */
export function readFailedBody(readPrefix, request, timers) {
  let done = false;
  const abort = () => {
    if (done) return;
    done = true;
    timers.clearTimeout(timer);
    request.abort();
  };
  const timer = timers.setTimeout(abort, FAILED_BODY_TIMEOUT_MS);
  return {
    body: readPrefix(FAILED_BODY_LIMIT)
      .catch(() => '')
      .finally(abort),
    abort,
  };
}
