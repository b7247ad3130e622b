// The retry policy and watchdog options of `new EventSource(url, init)` (extensions, all off by default):
// checked once at construction. The policy itself is the C++ machine's (cpp/src/event_source_machine.h
// RetryPolicy); JS only reads the options, parses Retry-After and draws the jitter.
import { DEFAULT_MAX_DELAY, NO_RETRY_AFTER } from '../core/boundary.js';
import { invalid } from './request-options.js';

const MAX_MS = 0x7fffffff;

/**
 * init.retry: { backoff = false, maxDelay = 30000, maxAttempts = Infinity, statuses = [], random = Math.random }
 * and init.inactivityTimeout (ms, 0 = off) as { backoff, maxDelay, maxAttempts (0 = no limit), statuses
 * (numbers; '4xx' and '5xx' expanded), random, inactivityTimeout }.
 */
export function readRetryPolicy(init) {
  const retry = init?.retry ?? {};
  if (typeof retry !== 'object') invalid('retry', 'an object', retry);
  const {
    backoff = false,
    maxDelay = DEFAULT_MAX_DELAY,
    maxAttempts = Infinity,
    statuses = [],
    random = Math.random,
  } = retry;
  if (typeof backoff !== 'boolean') invalid('retry.backoff', 'a boolean', backoff);
  if (typeof random !== 'function') invalid('retry.random', 'a function', random);
  if (!Array.isArray(statuses)) invalid('retry.statuses', "an array of statuses (numbers, '4xx', '5xx')", statuses);
  return {
    backoff,
    maxDelay: milliseconds('retry.maxDelay', maxDelay),
    maxAttempts: maxAttempts === Infinity ? 0 : count('retry.maxAttempts', maxAttempts),
    statuses: statuses.flatMap(expandStatus),
    random,
    inactivityTimeout: milliseconds('inactivityTimeout', init?.inactivityTimeout ?? 0),
  };
}

function milliseconds(name, value) {
  if (Number.isInteger(value) && value >= 0 && value <= MAX_MS) return value;
  throw new RangeError(
    `EventSource option ${name} must be a whole number of milliseconds from 0 to ${MAX_MS}, got ${value}.`,
  );
}

function count(name, value) {
  if (Number.isInteger(value) && value >= 1 && value <= MAX_MS) return value;
  throw new RangeError(
    `EventSource option ${name} must be a whole number from 1 to ${MAX_MS} (or Infinity), got ${value}.`,
  );
}

function expandStatus(status) {
  if (status === '4xx' || status === '5xx') return Array.from({ length: 100 }, (_, i) => +status[0] * 100 + i);
  if (Number.isInteger(status) && status >= 300 && status <= 599) return [status];
  throw new RangeError(
    `EventSource option retry.statuses takes statuses from 300 to 599, '4xx' or '5xx', got ${status}.`,
  );
}

/**
 * A Retry-After header's delay in ms (RFC 9110 §10.2.3: delay-seconds, or an HTTP-date relative to
 * `now`, in ms since the epoch), or NO_RETRY_AFTER when absent or unreadable.
 */
export function retryAfterMs(headers, now) {
  const value = headers?.get('retry-after')?.trim();
  if (!value) return NO_RETRY_AFTER;
  // An HTTP-date names its day and month; Date.parse alone would also take "-5" (the year -5).
  const ms = /^\d+$/.test(value) ? value * 1000 : /[a-z]/i.test(value) ? Date.parse(value) - now : NaN;
  return Number.isNaN(ms) ? NO_RETRY_AFTER : Math.min(Math.max(ms, 0), MAX_MS);
}
