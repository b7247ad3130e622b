// The shared fixture corpus through each core and its JS boundary: every case whole, one byte at a
// time, at seeded random split points and at its explicit chunking, as the native suite runs it. The
// standard cases run through both cores (the standard build and the legacy build, which EventSource uses
// once the legacy entry is imported); the legacy cases, which arrive as application/x-dom-event-stream
// responses as they would from a server, through the legacy core. Each core twice: as WebAssembly, and
// compiled to JavaScript (wasm2js), the one loaded where WebAssembly is refused.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { CoreFlags } from '../../js/core/boundary.js';
import { loadCore, loadJsCore } from '../../js/core/core-module.js';
import '../../js/core/standard-core.js'; // provides the standard core to loadCore
import '../../js/core/legacy-core.js'; // provides the legacy core to loadCore
import { CoreSession } from '../../js/core/core-session.js';
import { legacyDialectFlags } from '../../js/options/event-source-init.js';
import { DEFAULT_LIMITS } from '../../js/options/parser-limits.js';
import { normalizeCase } from '../fixtures/stream-case.js';
import { RecordingSink, oneByteAtATime, randomSplits } from './helpers/recording-sink.js';

const read = (file, dialect) =>
  JSON.parse(readFileSync(new URL(`../fixtures/${file}`, import.meta.url), 'utf8')).map((raw) =>
    normalizeCase(raw, dialect),
  );
const cases = [...read('stream-cases.json', 'standard'), ...read('legacy-stream-cases.json', 'legacy')];

function run(core, streamCase, chunks) {
  const sink = new RecordingSink();
  const legacy = streamCase.dialect === 'legacy';
  const flags = CoreFlags.READ_LEGACY_STREAMS | (legacy ? legacyDialectFlags(streamCase.legacy) : 0);
  const session = new CoreSession(core, { ...DEFAULT_LIMITS, ...streamCase.limits, reconnectionTime: 3000, flags });
  try {
    session.start(sink);
    session.response(200, legacy ? 'application/x-dom-event-stream' : 'text/event-stream', sink);
    for (const chunk of chunks) session.feed(chunk, sink);
    if (sink.errors.length === 0) session.end(sink); // reveals the reconnection time
  } finally {
    session.free();
  }
  return sink;
}

const legacyCase = (c) => c.dialect === 'legacy';

const splits = {
  whole: (c) => [c.input],
  'one byte at a time': (c) => oneByteAtATime(c.input),
  'random splits (seed 1)': (c) => randomSplits(c.input, 1),
  'random splits (seed 2)': (c) => randomSplits(c.input, 2),
  'explicit chunks': (c) => c.chunks,
};

for (const [variant, kind] of [
  ['standard', 'Wasm'],
  ['legacy', 'Wasm'],
  ['standard', 'JS'],
  ['legacy', 'JS'],
])
  describe(`fixture corpus through the ${kind} core (${variant} build)`, function () {
    let core;
    before(async () => {
      core = await (kind === 'JS' ? loadJsCore(variant) : loadCore(variant));
      assert.equal(core.javascript === true, kind === 'JS');
    });

    if (variant === 'standard') {
      it('fails an application/x-dom-event-stream response with bad-content-type: the standard build has no legacy dialect', () => {
        const sink = new RecordingSink();
        const session = new CoreSession(core, {
          ...DEFAULT_LIMITS,
          reconnectionTime: 3000,
          flags: CoreFlags.READ_LEGACY_STREAMS,
        });
        session.start(sink);
        session.response(200, 'application/x-dom-event-stream', sink);
        session.free();
        assert.deepEqual(sink.errors, ['bad-content-type']);
      });
    }

    it('has a case for every rule family (neither corpus is empty or truncated)', () => {
      assert.ok(cases.filter((c) => !legacyCase(c)).length >= 40, 'too few standard cases');
      assert.ok(cases.filter(legacyCase).length >= 20, 'too few legacy cases');
    });

    for (const streamCase of cases) {
      if (legacyCase(streamCase) && variant !== 'legacy') continue;
      describe(`${legacyCase(streamCase) ? '[legacy] ' : ''}${streamCase.name}`, () => {
        for (const [splitName, split] of Object.entries(splits)) {
          if (splitName === 'explicit chunks' && streamCase.chunks === null) continue;
          it(`dispatches what the standard says, fed ${splitName}`, () => {
            const sink = run(core, streamCase, split(streamCase));
            assert.deepEqual(sink.events, streamCase.events);
            if (streamCase.error !== null) {
              assert.deepEqual(sink.errors, [streamCase.error]);
            } else {
              assert.deepEqual(sink.errors, ['reconnecting']);
            }
            if (streamCase.lastEventId !== null) assert.equal(sink.lastEventId, streamCase.lastEventId);
            if (streamCase.retry !== null) assert.equal(sink.reconnectDelay, streamCase.retry);
            if (legacyCase(streamCase) && streamCase.error === null) assert.equal(sink.reconnectDelay, 5000);
          });
        }
      });
    }
  });
