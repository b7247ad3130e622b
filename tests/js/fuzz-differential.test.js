// Differential fuzzing: the same seeded random streams through the cores, as WebAssembly and as
// JavaScript (CoreSession, and createParser for standard streams), and through the native build
// (build/native/parse_stdin, from tests/fuzz/parse_stdin.cc), which must agree on every event (type,
// data, lastEventId, and a legacy event's target, bubbles, cancelable), every error, the reconnection
// time and the reconnect delay.
// SSE_DIFF_STREAMS (default 5000) sets how many streams, SSE_DIFF_SEED (default 1) which ones;
// SSE_PARSE_STDIN overrides the native executable's path.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { CoreFlags, DEFAULT_MAX_EVENT_SIZE, DEFAULT_MAX_LINE_LENGTH } from '../../js/core/boundary.js';
import { loadCore, loadJsCore } from '../../js/core/core-module.js';
import '../../js/core/standard-core.js'; // provides the standard core to loadCore
import '../../js/core/legacy-core.js'; // provides the legacy core to loadCore
import { CoreSession, coreState } from '../../js/core/core-session.js';
import { createParser } from '../../js/parser.js';
import { seededRandom } from './helpers/seeded-random.js';

const NATIVE = process.env.SSE_PARSE_STDIN ?? fileURLToPath(new URL('../../build/native/parse_stdin', import.meta.url));
const STREAMS = Number(process.env.SSE_DIFF_STREAMS ?? 5000);
const SEED = Number(process.env.SSE_DIFF_SEED ?? 1);
const DEFAULT_LIMITS = { maxLineLength: DEFAULT_MAX_LINE_LENGTH, maxEventSize: DEFAULT_MAX_EVENT_SIZE };

// A record's flags for parse_stdin.cc: the core's flags (CoreFlags), and this bit for a legacy content type.
const LEGACY_STREAM = 1 << 30;

const encoder = new TextEncoder();

// The pieces streams are made of, biased toward the syntax of both dialects.
const NAMES = [
  'data',
  'data',
  'data',
  'event',
  'id',
  'retry',
  'Event',
  'Bubbles',
  'Cancelable',
  'Target',
  'Data',
  'dat',
  'ID',
  '',
  ';x',
  'é',
];
const SEPARATORS = [':', ': ', ': ', '', ':  ', '::'];
const LINE_ENDS = ['\n', '\n', '\r\n', '\r', '\n\n', '\r\n\r\n', '\r\r', ''];
const VALUES = [
  '',
  'a',
  'hello world',
  'No',
  'no',
  '42',
  '1000',
  '2147483648',
  '99999999999',
  '1x',
  ' 7',
  'message',
  'é',
  '€',
  '😀',
  '\u{feff}',
  '\u{fffd}',
  '\0',
  'a:b',
];
const BYTES = [
  [0xff],
  [0x80],
  [0xc3],
  [0xe2, 0x82],
  [0xf0, 0x9f, 0x98],
  [0xed, 0xa0, 0x80],
  [0xc0, 0x80],
  [0xf4, 0x90, 0x80, 0x80],
  [0xef, 0xbb, 0xbf],
  [0xef, 0xbb],
];

function makeStream(rand) {
  const pick = (list) => list[Math.floor(rand() * list.length)];
  const bytes = [];
  const text = (s) => bytes.push(...encoder.encode(s));
  if (rand() < 0.15) bytes.push(...pick(BYTES.slice(-2))); // a BOM, or half of one, at the start
  const lines = Math.floor(rand() * 40);
  for (let i = 0; i < lines; i++) {
    const r = rand();
    if (r < 0.7) {
      text(pick(NAMES) + pick(SEPARATORS));
      const parts = 1 + Math.floor(rand() * 3);
      for (let p = 0; p < parts; p++) {
        if (rand() < 0.2) bytes.push(...pick(BYTES));
        else text(pick(VALUES));
      }
    } else if (r < 0.8) {
      text(pick([':', ': comment', ':x', ';comment']));
    } else if (r < 0.9) {
      for (let n = Math.floor(rand() * 8); n > 0; n--) bytes.push(Math.floor(rand() * 256)); // anything
    }
    text(pick(LINE_ENDS));
    if (rand() < 0.35) text(pick(LINE_ENDS.slice(0, 4))); // often a blank line: an event ends
  }
  return Uint8Array.from(bytes);
}

/** Random chunk boundaries (empty chunks included), so CRLF, BOM and UTF-8 sequences get split. */
function splitStream(rand, stream) {
  const chunks = [];
  const mode = rand();
  for (let at = 0; at < stream.length || chunks.length === 0;) {
    const size = mode < 0.2 ? 1 : mode < 0.3 ? stream.length : Math.floor(rand() * 12);
    chunks.push(stream.subarray(at, at + size));
    at += size;
    if (stream.length === 0) break;
  }
  return chunks;
}

function makeCase(rand) {
  const legacy = rand() < 0.3;
  let flags = legacy ? LEGACY_STREAM : 0;
  if (legacy && rand() < 0.3) flags |= CoreFlags.STRICT_LINE_FEEDS;
  if (legacy && rand() < 0.3) flags |= CoreFlags.REQUIRE_EVENT_FIELD;
  if (rand() < 0.2) flags |= CoreFlags.LEGACY_ELEMENT_PROFILE;
  const limits =
    rand() < 0.2
      ? { maxLineLength: 1 + Math.floor(rand() * 64), maxEventSize: 1 + Math.floor(rand() * 128) }
      : DEFAULT_LIMITS;
  const stream = makeStream(rand);
  return { flags, limits, stream, chunks: splitStream(rand, stream) };
}

/** parse_stdin --batch's input: little-endian words flags, limits, chunk count, then each chunk's length and bytes. */
function encodeRecords(cases) {
  const word = (value) => {
    const bytes = Buffer.alloc(4);
    bytes.writeUInt32LE(value);
    return bytes;
  };
  const parts = [];
  for (const { flags, limits, chunks } of cases) {
    parts.push(word(flags), word(limits.maxLineLength), word(limits.maxEventSize), word(chunks.length));
    for (const chunk of chunks) parts.push(word(chunk.length), chunk);
  }
  return Buffer.concat(parts);
}

function runNative(cases) {
  const run = spawnSync(NATIVE, ['--batch'], { input: encodeRecords(cases), maxBuffer: 1 << 30 });
  assert.equal(run.status, 0, `parse_stdin failed: ${run.stderr}`);
  const lines = run.stdout
    .toString('utf8')
    .split('\n')
    .filter((line) => line !== '');
  assert.equal(lines.length, cases.length, 'parse_stdin printed one line per stream');
  return lines.map((line) => JSON.parse(line));
}

/** A CoreSession sink recording what parse_stdin prints. */
class Recorder {
  events = [];
  errors = [];
  reconnectDelay = null;
  #lastEventId = '';
  #options = null;
  startRequest() {}
  abortRequest() {}
  announce() {}
  cancelReconnect() {}
  watchdog() {}
  fireError(readyState, code) {
    this.errors.push(code);
  }
  scheduleReconnect(ms) {
    this.reconnectDelay = ms;
  }
  setLastEventId(id) {
    this.#lastEventId = id;
  }
  dispatchOptions(target, bubbles, cancelable) {
    this.#options = { target, bubbles, cancelable };
  }
  dispatch(type, data) {
    this.events.push({ type, data, lastEventId: this.#lastEventId, ...this.#options });
    this.#options = null;
  }
}

function runWasm(core, { flags, limits, chunks }) {
  const coreFlags = CoreFlags.READ_LEGACY_STREAMS | (flags & ~LEGACY_STREAM);
  const sink = new Recorder();
  const session = new CoreSession(core, { ...limits, reconnectionTime: 3000, flags: coreFlags });
  session.start(sink);
  session.response(200, flags & LEGACY_STREAM ? 'application/x-dom-event-stream' : 'text/event-stream', sink);
  for (const chunk of chunks) session.feed(chunk, sink);
  session.end(sink);
  const { reconnectionTime } = coreState(session);
  session.free();
  return { events: sink.events, errors: sink.errors, reconnectionTime, reconnectDelay: sink.reconnectDelay };
}

/** The public parser entry: its events ({type, data, id}) and the code of the error that stopped it. */
async function runParser({ limits, chunks }) {
  const events = [];
  let error = null;
  const parser = await createParser({
    ...limits,
    onEvent: (event) => events.push(event),
    onError: (e) => (error = e.code),
  });
  try {
    for (const chunk of chunks) parser.feed(chunk);
  } catch {
    // the stopped parser throws what onError got
  }
  parser.free();
  return { events, error };
}

const hex = (bytes) => Buffer.from(bytes).toString('hex');

describe('differential fuzzing: the Wasm and JS cores against the native build', function () {
  this.timeout(120_000);
  let cores;
  before(async function () {
    if (!existsSync(NATIVE)) {
      console.log(
        `      skipped: ${NATIVE} is not built (bash build.sh --test builds it, or cmake --build build/native --target parse_stdin)`,
      );
      this.skip();
    }
    cores = {
      standard: await loadCore('standard'),
      legacy: await loadCore('legacy'),
      'standard JS': await loadJsCore('standard'),
      'legacy JS': await loadJsCore('legacy'),
    };
  });

  it(`dispatches the same events, errors and reconnection times for ${STREAMS} random streams (seed ${SEED})`, async function () {
    const rand = seededRandom(SEED);
    const cases = Array.from({ length: STREAMS }, () => makeCase(rand));
    const native = runNative(cases);
    const mismatches = [];
    let compared = 0;
    for (const [i, c] of cases.entries()) {
      // Standard streams through both cores (the legacy build reads them too), legacy ones through the legacy
      // core; each core as WebAssembly and as JavaScript (wasm2js).
      const variants =
        c.flags & LEGACY_STREAM ? ['legacy', 'legacy JS'] : ['standard', 'legacy', 'standard JS', 'legacy JS'];
      for (const variant of variants) {
        compared++;
        const wasm = runWasm(cores[variant], c);
        try {
          assert.deepStrictEqual(wasm, native[i]);
        } catch {
          mismatches.push({
            i,
            variant,
            flags: c.flags,
            limits: c.limits,
            chunks: c.chunks.map(hex),
            wasm,
            native: native[i],
          });
        }
      }
      if (!(c.flags & LEGACY_STREAM) && !(c.flags & CoreFlags.LEGACY_ELEMENT_PROFILE)) {
        compared++;
        const parsed = await runParser(c);
        const expected = native[i].events.map(({ type, data, lastEventId }) => ({ type, data, id: lastEventId }));
        const failure = native[i].errors.find((code) => code !== 'reconnecting') ?? null;
        if (!isDeepStrictEqual({ events: parsed.events, error: parsed.error }, { events: expected, error: failure })) {
          mismatches.push({ i, variant: 'createParser', chunks: c.chunks.map(hex), parsed, native: native[i] });
        }
      }
    }
    if (process.env.SSE_DIFF_STREAMS !== undefined) {
      const events = native.reduce((sum, result) => sum + result.events.length, 0);
      const failed = native.filter((result) => result.errors.some((code) => code !== 'reconnecting')).length;
      console.log(
        `      ${compared} runs of ${STREAMS} streams compared (${events} events natively, ${failed} streams failed a limit), ${mismatches.length} mismatches`,
      );
    }
    const shown = mismatches
      .slice(0, 3)
      .map((m) => JSON.stringify(m))
      .join('\n');
    assert.equal(
      mismatches.length,
      0,
      `${mismatches.length} of ${compared} runs differ from the native build; the first:\n${shown}`,
    );
  });
});
