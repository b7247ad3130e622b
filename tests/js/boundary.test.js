// The JS/Wasm boundary is declared once, in cpp/src/boundary.def: js/core/boundary.js must be what the
// generator makes of it, and what JS alone adds to it (the error codes' types and messages) must cover it.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { boundaryModule, readDeclarations } from '../../cpp/wasm/boundary_to_js.mjs';
import { ERROR_CODES } from '../../js/core/boundary.js';
import { ERROR_MESSAGES } from '../../js/interface/error-event.js';
import '../../js/interface/readable-stream-source.js'; // adds the message of 'stream-ended'

const read = (path) => readFileSync(new URL(path, import.meta.url), 'utf8');
// The one error code JS reports without the core: it could not load.
const JS_ONLY_CODES = ['core-unavailable'];

describe('the JS/Wasm boundary declared in cpp/src/boundary.def', () => {
  it('is what js/core/boundary.js says (run node cpp/wasm/boundary_to_js.mjs after editing the .def)', () => {
    assert.equal(
      read('../../js/core/boundary.js'),
      boundaryModule(readDeclarations(read('../../cpp/src/boundary.def'))),
    );
  });

  it('has every error code in the EventSourceErrorCode type of js/index.d.ts, and nothing else there', () => {
    const union = /export type EventSourceErrorCode =([^;]*);/.exec(read('../../js/index.d.ts'))[1];
    const typed = [...union.matchAll(/'([a-z-]+)'/g)].map((match) => match[1]);
    assert.deepEqual(typed.sort(), [...ERROR_CODES, ...JS_ONLY_CODES].sort());
  });

  it('has a message for every error code', () => {
    for (const code of [...ERROR_CODES, ...JS_ONLY_CODES]) assert.equal(typeof ERROR_MESSAGES[code], 'function', code);
  });

  it('numbers the error reasons from 0 in order, as ERROR_CODES is indexed by them', () => {
    const def = 'SSE_ERROR_REASON(kFirst, 0, "first")\nSSE_ERROR_REASON(kThird, 2, "third")\n';
    assert.throws(() => boundaryModule(readDeclarations(def)), /boundary\.def:2: kThird must be 1/);
  });

  it('refuses a declaration it cannot read rather than leaving it out of the JS', () => {
    assert.throws(() => readDeclarations('SSE_ACTION_KIND(kX, 1'), /boundary\.def:1: cannot read/);
    assert.throws(() => boundaryModule(readDeclarations('SSE_ACTION_TYPE(kX, 1)')), /unknown SSE_ACTION_TYPE/);
    assert.throws(() => boundaryModule(readDeclarations('SSE_CONSTANT(kX, -1)')), /not a uint32/);
  });

  it('derives the JS names from the C++ ones', () => {
    const js = boundaryModule(
      readDeclarations('SSE_ACTION_KIND(kSetLastEventId, 7)\nSSE_VIEW_FIELD(text_units)\nSSE_CORE_FLAG(kBackoff, 16)'),
    );
    assert.match(js, /export const SET_LAST_EVENT_ID = 7;/);
    assert.match(js, /export const VIEW_TEXT_UNITS = 0;/);
    assert.match(js, /^ {2}BACKOFF: 16,$/m);
  });
});
