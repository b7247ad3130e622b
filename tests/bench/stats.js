// Medians, geometric means, and the interleaved-rounds loop every timed section shares.

/** The median (the mean of the two middle values for an even count). */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The geometric mean, the right mean for ratios; null for an empty list. */
export function geomean(values) {
  if (values.length === 0) return null;
  return Math.exp(values.reduce((sum, v) => sum + Math.log(v), 0) / values.length);
}

/**
 * Runs `measure(impl)` for every implementation in each of `rounds` rounds after one warm-up round,
 * implementations interleaved within a round (and the starting one rotated from round to round), so
 * that a slow stretch of a shared machine hits every implementation alike rather than one of them.
 * An implementation whose measurement throws is dropped from the later rounds, the others go on.
 * Returns { samples: name → measurements of the timed rounds, failures: name → error message }.
 */
export async function interleavedRounds(impls, rounds, measure) {
  const samples = Object.fromEntries(impls.map((impl) => [impl.name, []]));
  const failures = {};
  for (let round = 0; round <= rounds; round++) {
    for (let k = 0; k < impls.length; k++) {
      const impl = impls[(k + round) % impls.length];
      if (failures[impl.name]) continue;
      try {
        const sample = await measure(impl);
        if (round > 0) samples[impl.name].push(sample); // round 0 warms up JITs, caches and connections
      } catch (error) {
        failures[impl.name] = error.message;
        delete samples[impl.name];
      }
    }
  }
  return { samples, failures };
}
