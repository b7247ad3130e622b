// Streams the cases of the shared fixture corpus (tests/fixtures), so the conformance page can run
// them against the browser's EventSource and the polyfill: the same data the test suites use.
import { readFileSync } from 'node:fs';
import { normalizeCase } from '../tests/fixtures/stream-case.js';
import { send } from './http-util.js';

const SETS = {
  standard: { file: 'stream-cases.json', contentType: 'text/event-stream' },
  legacy: { file: 'legacy-stream-cases.json', contentType: 'application/x-dom-event-stream' },
};
const CHUNK_GAP_MS = 15; // lets an explicit chunking reach the browser as separate network chunks

const cases = Object.fromEntries(
  Object.entries(SETS).map(([set, { file }]) => {
    const raw = JSON.parse(readFileSync(new URL(`../tests/fixtures/${file}`, import.meta.url), 'utf8'));
    return [set, raw.map((c) => normalizeCase(c, set))];
  }),
);

export function register({ route, streams }) {
  // GET /conformance/stream?set=standard|legacy&case=N: the case's bytes (in its explicit chunks, if it
  // has them), then the end of the response.
  route('GET', '/conformance/stream', async (req, res, url) => {
    const set = url.searchParams.get('set');
    const streamCase = cases[set]?.[Number(url.searchParams.get('case'))];
    if (streamCase === undefined) return send(res, 404, 'text/plain', 'no such case\n');
    const stream = streams.open(req, res, { url, contentType: SETS[set].contentType });
    if (stream === null) return;
    for (const chunk of streamCase.chunks ?? [streamCase.input]) {
      if (res.destroyed) return; // the reader left, or was dropped as too slow
      stream.write(chunk);
      await new Promise((resolve) => setTimeout(resolve, CHUNK_GAP_MS));
    }
    res.end();
  });
}
