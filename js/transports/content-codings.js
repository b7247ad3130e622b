// Decoding a response's content codings (Content-Encoding) as undici does, for the node:http transport:
// which codings to undo, and the node:zlib streams that undo them, each flushed per write so that events
// arrive as they come.

export const MAX_CONTENT_CODINGS = 5; // undici refuses more

/**
 * The codings of Content-Encoding (`header`, its value or null) to undo, in the order they were applied;
 * [] to read the body as it is, null where undici fails the response. As undici: gzip (x-gzip), deflate
 * and br are decoded; one coding it does not know leaves the whole body undecoded; more than five fail.
 */
export function contentCodings(header) {
  if (header === null || header === '') return [];
  const codings = header
    .toLowerCase()
    .split(',')
    .map((coding) => coding.trim());
  if (codings.length > MAX_CONTENT_CODINGS) return null;
  return codings.every((coding) => ['gzip', 'x-gzip', 'deflate', 'br'].includes(coding)) ? codings : [];
}

/** The decoders of `codings` (contentCodings), in the order the body goes through them: pipe it so. */
export function contentDecoders(codings) {
  const zlib = globalThis.process.getBuiltinModule('node:zlib');
  return [...codings].reverse().map((coding) => contentDecoder(coding, zlib));
}

function contentDecoder(coding, zlib) {
  // undici (and cURL): Z_SYNC_FLUSH also at the end, so a body cut short is not an error of its own.
  const flush = { flush: zlib.constants.Z_SYNC_FLUSH, finishFlush: zlib.constants.Z_SYNC_FLUSH };
  if (coding === 'br') {
    const op = zlib.constants.BROTLI_OPERATION_FLUSH;
    return zlib.createBrotliDecompress({ flush: op, finishFlush: op });
  }
  return coding === 'deflate' ? inflateEither(zlib, flush) : zlib.createGunzip(flush);
}

/**
 * "deflate" as browsers and undici read it: zlib-wrapped, or raw deflate as some servers send it, told
 * apart by the first byte (a zlib header has compression method 8 in its low nibble).
 */
function inflateEither(zlib, options) {
  const { Transform } = globalThis.process.getBuiltinModule('node:stream');
  let inflate = null;
  return new Transform({
    transform(chunk, encoding, callback) {
      if (inflate === null) {
        if (chunk.length === 0) return callback();
        inflate = (chunk[0] & 0x0f) === 8 ? zlib.createInflate(options) : zlib.createInflateRaw(options);
        inflate.on('data', (out) => this.push(out));
        inflate.on('error', (error) => this.destroy(error));
      }
      inflate.write(chunk, callback);
    },
    flush(callback) {
      if (inflate === null) return callback();
      inflate.once('end', () => callback());
      inflate.end();
    },
    destroy(error, callback) {
      inflate?.destroy();
      callback(error);
    },
  });
}
