// Writes to a slow reader's stream without buffering for it without bound: a stream whose unsent
// bytes pass a bound, or that stays full longer than a bounded time, is dropped.

export const MAX_BUFFERED_BYTES = 1024 * 1024;
export const DRAIN_TIMEOUT_MS = 10000;

/**
 * A write(text) for `res` that returns false and destroys `res` (after calling onDrop(reason) once)
 * when the bytes Node holds for the socket pass maxBufferedBytes, or when a write() that reported a
 * full buffer is not followed by 'drain' within drainTimeoutMs. The kernel's own socket buffers (a few
 * MiB on loopback) come before either bound: those are bounded by the system, Node's are not.
 */
export function boundedWriter(
  res,
  { maxBufferedBytes = MAX_BUFFERED_BYTES, drainTimeoutMs = DRAIN_TIMEOUT_MS, onDrop = () => {} } = {},
) {
  let drainTimer = null;
  const drop = (reason) => {
    if (res.destroyed) return;
    onDrop(reason);
    res.destroy();
  };
  res.on('close', () => clearTimeout(drainTimer));
  return (text) => {
    if (res.destroyed || res.writableEnded) return false;
    const flushed = res.write(text);
    if (res.writableLength > maxBufferedBytes) {
      drop(`over ${maxBufferedBytes} bytes waiting for the reader`);
      return false;
    }
    if (!flushed && drainTimer === null) {
      drainTimer = setTimeout(() => drop(`not drained within ${drainTimeoutMs} ms`), drainTimeoutMs);
      drainTimer.unref?.();
      res.once('drain', () => {
        clearTimeout(drainTimer);
        drainTimer = null;
      });
    }
    return flushed;
  };
}
