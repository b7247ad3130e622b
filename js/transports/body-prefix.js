// The start of a failed response's body as text, for its error event's `body`: the one reader behind every
// transport's readPrefix(limit) (js/connection/failed-body.js asks for it), fed the body's bytes.

/** No bytes: for read(NO_BYTES, true), which only settles. */
export const NO_BYTES = new Uint8Array(0);

/**
 * Returns read(bytes, last), to be given the body chunk by chunk: it keeps up to `limit` bytes of them
 * as UTF-8 text (a sequence cut at the limit is left out) and resolves `resolve` with that text once the
 * limit is reached, or at a `last` call (the body ended or failed, or the request was aborted: with
 * what arrived so far). Bytes after that are dropped. Returns true while more bytes are wanted.
 */
export function prefixReader(limit, resolve) {
  const decoder = new TextDecoder();
  let text = '';
  return (bytes, last) => {
    if (limit > 0) text += decoder.decode(bytes.subarray(0, limit), { stream: true });
    if ((limit -= bytes.length) <= 0 || last) {
      limit = 0;
      resolve(text); // a promise's resolve function: only the first call counts
    }
    return limit > 0;
  };
}
