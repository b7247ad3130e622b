// Documented deviations of peers from the standard on the benchmark's workloads: cells to exclude, not failures.
//
// Add one only with a reference (an issue, the peer's docs or source) showing the behaviour is known
// and intended or accepted; an undocumented disagreement must keep failing the run. Each entry:
// { impl, workload (a key, or '*'), where ('parser' | 'node' | 'browser'), reason }.
export const KNOWN_DEVIATIONS = Object.freeze([]);

/** The documented deviation of `impl` on `workloadKey` in `where`, or undefined. */
export function knownDeviation(impl, workloadKey, where) {
  return KNOWN_DEVIATIONS.find(
    (d) => d.impl === impl && d.where === where && (d.workload === '*' || d.workload === workloadKey),
  );
}
