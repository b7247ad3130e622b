// The subset of node:assert/strict the behaviour suite uses, in plain ESM so it also runs in browsers.

/** An assertion failure; `name` is AssertionError as in Node, so reporters treat it alike. */
export class AssertionError extends Error {
  constructor(message, { actual, expected } = {}) {
    super(message);
    this.name = 'AssertionError';
    this.actual = actual;
    this.expected = expected;
  }
}

/** Fails unless `value` is truthy. */
export function ok(value, message) {
  if (!value)
    throw new AssertionError(message ?? `expected a truthy value, got ${show(value)}`, {
      actual: value,
      expected: true,
    });
}

/** Fails unless `Object.is(actual, expected)`. */
export function equal(actual, expected, message) {
  if (!Object.is(actual, expected)) {
    throw new AssertionError(prefix(message) + `expected ${show(expected)}, got ${show(actual)}`, { actual, expected });
  }
}

/** Fails if `Object.is(actual, expected)`. */
export function notEqual(actual, expected, message) {
  if (Object.is(actual, expected)) {
    throw new AssertionError(prefix(message) + `expected anything but ${show(expected)}`, { actual, expected });
  }
}

/** Fails unless the two values have the same structure: primitives by Object.is, arrays and plain
 * objects member by member (own enumerable keys, same prototype). */
export function deepEqual(actual, expected, message) {
  if (!same(actual, expected)) {
    throw new AssertionError(prefix(message) + `expected ${show(expected)}, got ${show(actual)}`, { actual, expected });
  }
}

/** Fails unless `string` matches `regexp`. */
export function match(string, regexp, message) {
  if (typeof string !== 'string' || !regexp.test(string)) {
    throw new AssertionError(prefix(message) + `expected ${show(string)} to match ${regexp}`, {
      actual: string,
      expected: regexp,
    });
  }
}

/** Fails unless `fn` throws; `check(error)` must then return true (it may assert itself). */
export function throws(fn, check = () => true, message) {
  let error;
  try {
    fn();
  } catch (caught) {
    error = caught;
  }
  if (error === undefined) throw new AssertionError(message ?? 'expected the function to throw');
  if (check(error) !== true) throw new AssertionError(message ?? `the thrown ${show(error)} failed the check`);
}

function same(a, b) {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  if (Array.isArray(a) && a.length !== b.length) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((key) => Object.prototype.hasOwnProperty.call(b, key) && same(a[key], b[key]));
}

function prefix(message) {
  return message === undefined ? '' : `${message}: `;
}

function show(value) {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === undefined) return 'undefined';
  try {
    return JSON.stringify(value, (_, v) => (v === undefined ? '<undefined>' : v)) ?? String(value);
  } catch {
    return String(value);
  }
}
