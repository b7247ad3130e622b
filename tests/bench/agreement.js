// Agreement before timing: an implementation's events must match the workload's own, digest for digest.
import { knownDeviation } from './known-deviations.js';

/**
 * Judges what `impl` produced from `workload` ({ events, digest }: its event count and digest) in `where`
 * ('parser', 'node' or 'browser'; `detail` names the chunking or mode). Returns { impl, workload, where,
 * detail, status, reason? }: 'ok'; 'excluded' (a documented deviation: printed, not timed); or
 * 'disagrees' (undocumented: not timed, and the run fails with `reason`).
 */
export function judge(impl, workload, got, where, detail = '') {
  const base = { impl, workload: workload.key, where, detail };
  const deviation = knownDeviation(impl, workload.key, where);
  if (got.digest === workload.digest && got.events === workload.events.length) {
    return {
      ...base,
      status: 'ok',
      note: deviation ? `documented deviation no longer seen: ${deviation.reason}` : undefined,
    };
  }
  if (deviation) return { ...base, status: 'excluded', reason: deviation.reason };
  const at = detail ? ` (${detail})` : '';
  return {
    ...base,
    status: 'disagrees',
    reason:
      `${impl} disagrees on workload "${workload.key}"${at} in ${where}: ${got.events} events, digest ${got.digest?.slice(0, 16)}…, ` +
      `expected ${workload.events.length} events, digest ${workload.digest.slice(0, 16)}…. ` +
      'Not timed; fix it or document the deviation in tests/bench/known-deviations.js.',
  };
}

/** The verdict for a run that produced nothing to judge (an error event, a timeout): it fails the run. */
export function failedRun(impl, workload, where, detail, error) {
  return { impl, workload: workload.key, where, detail, status: 'failed', reason: error.message };
}

/** The verdicts that fail the run. */
export function agreementFailures(verdicts = []) {
  return verdicts.filter((v) => v.status === 'disagrees' || v.status === 'failed').map((v) => v.reason);
}

/** Implementations that agreed on `workloadKey` (only those are timed on it). */
export function agreeing(verdicts, workloadKey) {
  return new Set(verdicts.filter((v) => v.workload === workloadKey && v.status === 'ok').map((v) => v.impl));
}
