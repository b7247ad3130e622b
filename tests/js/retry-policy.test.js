// The retry options as read at construction, and Retry-After as the connection reads it (js/options/retry-policy.js).
import assert from 'node:assert/strict';
import { NO_RETRY_AFTER } from '../../js/core/boundary.js';
import { readRetryPolicy, retryAfterMs } from '../../js/options/retry-policy.js';

describe('retry policy options', function () {
  it('defaults to the standard: no backoff, no limit, no retried status, no watchdog', () => {
    const policy = readRetryPolicy({});
    assert.deepEqual(
      { ...policy, random: typeof policy.random },
      { backoff: false, maxDelay: 30000, maxAttempts: 0, statuses: [], random: 'function', inactivityTimeout: 0 },
    );
  });

  it("expands '4xx' and '5xx' to their hundred statuses", () => {
    const { statuses } = readRetryPolicy({ retry: { statuses: [429, '5xx'] } });
    assert.equal(statuses.length, 101);
    assert.deepEqual([statuses[0], statuses[1], statuses.at(-1)], [429, 500, 599]);
  });

  it('reads Retry-After as delay-seconds or as an HTTP-date against now, and ignores what it cannot read', () => {
    const now = Date.UTC(2026, 11, 2, 12, 0, 0);
    const at = (value) => retryAfterMs(new Headers(value === undefined ? {} : { 'Retry-After': value }), now);
    assert.equal(at('120'), 120000);
    assert.equal(at(' 0 '), 0);
    assert.equal(at('Wed, 02 Dec 2026 12:00:30 GMT'), 30000);
    assert.equal(at('Wed, 02 Dec 2026 11:00:00 GMT'), 0); // in the past: at once
    assert.equal(at('99999999999'), 0x7fffffff); // clamped to what a timer takes
    assert.equal(at('soon'), NO_RETRY_AFTER);
    assert.equal(at('-5'), NO_RETRY_AFTER);
    assert.equal(at(undefined), NO_RETRY_AFTER);
    assert.equal(retryAfterMs(undefined, now), NO_RETRY_AFTER);
  });
});
