// The parser's limits (non-standard: the standard sets none), shared by EventSource and the parser entry.
import { DEFAULT_MAX_EVENT_SIZE, DEFAULT_MAX_LINE_LENGTH } from '../core/boundary.js';

/** Defaults of the limits (UTF-8 bytes), the C++ ParserLimits' (cpp/src/boundary.def). */
export const DEFAULT_LIMITS = Object.freeze({
  maxLineLength: DEFAULT_MAX_LINE_LENGTH,
  maxEventSize: DEFAULT_MAX_EVENT_SIZE,
});

/** The maxLineLength and maxEventSize options of `init`, validated; `what` names them in errors. */
export function readLimits(init, what) {
  const limits = { ...DEFAULT_LIMITS };
  for (const name of Object.keys(DEFAULT_LIMITS)) {
    const value = init?.[name];
    if (value === undefined) continue;
    if (!Number.isInteger(value) || value < 1 || value > 0x7fffffff) {
      throw new RangeError(`${what} option ${name} must be an integer from 1 to 2147483647, got ${value}.`);
    }
    limits[name] = value;
  }
  return limits;
}
