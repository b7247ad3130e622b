// Browser bundle sizes: each client bundled and minified by esbuild the same way, then gzip -9.
import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));

const entries = [
  { name: 'eventsource-wasm', code: `export { EventSource } from './js/index.js';` },
  { name: 'eventsource', code: `export { EventSource } from 'eventsource';` },
  { name: 'event-source-polyfill', code: `export { EventSourcePolyfill } from 'event-source-polyfill';` },
  { name: 'eventsource-parser (parser only)', code: `export { createParser } from 'eventsource-parser';` },
];

/** [{ name, raw, gzip }] in bytes. */
export async function bundleSizes() {
  const sizes = [];
  for (const { name, code } of entries) {
    const result = await build({
      stdin: { contents: code, resolveDir: root, loader: 'js' },
      bundle: true, minify: true, format: 'esm', platform: 'browser', write: false, logLevel: 'error',
    });
    const bytes = result.outputFiles[0].contents;
    sizes.push({ name, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length });
  }
  return sizes;
}
