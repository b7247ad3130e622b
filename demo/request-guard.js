// Keeps one bad request from taking the demo server down: a request line that is not a URL gets 400,
// and a handler that throws or rejects gets 500 (or its socket destroyed, once its answer has begun),
// logged once, while the server goes on serving everyone else.
import { send } from './http-util.js';

const MAX_LOGGED_PATH = 200; // a hostile request line can be as long as the header limit

/** The request's URL, or null when `target` cannot be one (it then gets 400). */
export function parseTarget(target) {
  try {
    return new URL(target, 'http://localhost');
  } catch {
    return null;
  }
}

/**
 * A request listener that hands (req, res, url) to `handle` and answers what it throws or rejects
 * with. log(text) hears of each failure once.
 */
export function guardRequests(handle, log = console.error) {
  return (req, res) => {
    const url = parseTarget(req.url);
    if (url === null) {
      req.resume();
      return send(res, 400, 'text/plain', 'bad request target\n');
    }
    // .then() also catches a synchronous throw, so sync and async handlers fail the same way.
    Promise.resolve()
      .then(() => handle(req, res, url))
      .catch((error) => answerFailure(req, res, error, log));
  };
}

function answerFailure(req, res, error, log) {
  const path = String(req.url).slice(0, MAX_LOGGED_PATH);
  log(`demo: ${req.method} ${path} failed: ${error?.stack ?? error}`);
  if (res.headersSent || res.destroyed) return res.destroy();
  req.resume(); // an unread body must not hold the connection
  send(res, 500, 'text/plain', 'internal error\n');
}
