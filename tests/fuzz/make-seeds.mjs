// Writes each libFuzzer target's seed corpus from the fixture corpus, every seed with the configuration
// prefix its target reads first (so no seed loses bytes of its stream or runs as the wrong dialect).
// Usage: node make-seeds.mjs <stream-cases.json> <legacy-stream-cases.json> <seed-dir>
// Writes <seed-dir>/stream_parser_fuzz/ and <seed-dir>/event_source_machine_fuzz/ (both emptied first).
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { normalizeCase } from '../fixtures/stream-case.js';

const [jsonPath, legacyJsonPath, seedDir] = process.argv.slice(2);
if (!jsonPath || !legacyJsonPath || !seedDir) {
  console.error('usage: node make-seeds.mjs <stream-cases.json> <legacy-stream-cases.json> <seed-dir>');
  process.exit(2);
}

// tests/fuzz/stream_parser_fuzz.cc: [flags, max_line_length - 1, max_event_size - 1, split seed].
const PARSER_LINE_LIMIT = 1;
const PARSER_EVENT_LIMIT = 2;
const PARSER_LEGACY = 4;
const PARSER_STRICT_LINE_FEEDS = 8;
const PARSER_REQUIRE_EVENT = 16;
const PARSER_MAX_LIMIT = 256; // what one config byte holds (1 + byte)

/** The stream parser target's 4-byte prefix for a case; limits above 256 bytes are left at the default. */
function parserPrefix(c, index) {
  let flags = 0;
  let line = 0;
  let event = 0;
  if (c.dialect === 'legacy') flags |= PARSER_LEGACY;
  if (c.legacy.strictLineFeeds) flags |= PARSER_STRICT_LINE_FEEDS;
  if (c.legacy.requireEventField) flags |= PARSER_REQUIRE_EVENT;
  if (c.limits && c.limits.maxLineLength <= PARSER_MAX_LIMIT) {
    flags |= PARSER_LINE_LIMIT;
    line = c.limits.maxLineLength - 1;
  }
  if (c.limits && c.limits.maxEventSize <= PARSER_MAX_LIMIT) {
    flags |= PARSER_EVENT_LIMIT;
    event = c.limits.maxEventSize - 1;
  }
  return [flags, line, event, index & 0xff];
}

// tests/fuzz/event_source_machine_fuzz.cc: [retry policy, options], then operations.
const MACHINE_LEGACY_ELEMENT = 1;
const MACHINE_STRICT_LINE_FEEDS = 4;
const MACHINE_REQUIRE_EVENT = 8;
// kLimits there, as [maxLineLength, maxEventSize]; index 1 is the seeds' default.
const MACHINE_LIMITS = [
  [32, 64],
  [1024, 4096],
  [8, 16],
  [256, 256],
  [1024, 32],
  [1024, 4],
  [16, 1024],
  [16, 8],
];
const OP_START = 0;
const OP_RESPONSE = 1;
const OP_CHUNK = 2;
const OP_END = 3;
const OP_TIMER = 5;
const OP_CLOSE = 6;
const PICK_STANDARD = 0; // 200, text/event-stream
const PICK_LEGACY = 3 << 3; // 200, application/x-dom-event-stream
const MAX_CHUNK = 31; // a chunk operation's length byte is taken modulo 32

function machineLimitsIndex(c) {
  if (!c.limits) return 1;
  const index = MACHINE_LIMITS.findIndex(
    ([line, event]) => line === c.limits.maxLineLength && event === c.limits.maxEventSize,
  );
  return index < 0 ? 1 : index;
}

/** The chunks a machine seed feeds: the case's own chunking, else pieces of at most 31 bytes. */
function machineChunks(c) {
  const pieces = [];
  for (const chunk of c.chunks ?? [c.input]) {
    if (chunk.length === 0) pieces.push(chunk); // an empty chunk is an input too
    for (let at = 0; at < chunk.length; at += MAX_CHUNK) pieces.push(chunk.subarray(at, at + MAX_CHUNK));
  }
  if (pieces.length === 0) pieces.push(new Uint8Array(0));
  return pieces;
}

/**
 * A machine seed: start, a 200 of the case's content type, its stream in chunks, the end of the body,
 * the reconnection, a second response with the stream's first chunk, close(). Legacy cases alternate
 * between the two profiles (both read legacy streams); every fourth standard case uses the element's.
 */
function machineSeed(c, index) {
  const legacy = c.dialect === 'legacy';
  let options = machineLimitsIndex(c) << 4;
  if (legacy ? index % 2 === 1 : index % 4 === 3) options |= MACHINE_LEGACY_ELEMENT;
  if (c.legacy.strictLineFeeds) options |= MACHINE_STRICT_LINE_FEEDS;
  if (c.legacy.requireEventField) options |= MACHINE_REQUIRE_EVENT;
  const pick = legacy ? PICK_LEGACY : PICK_STANDARD;
  const bytes = [0, options, OP_START, OP_RESPONSE, pick];
  const chunks = machineChunks(c);
  for (const chunk of chunks) bytes.push(OP_CHUNK, chunk.length, ...chunk);
  bytes.push(OP_END, OP_TIMER, OP_RESPONSE, pick, OP_CHUNK, chunks[0].length, ...chunks[0], OP_CLOSE);
  return Uint8Array.from(bytes);
}

const read = (path, dialect) => JSON.parse(readFileSync(path, 'utf8')).map((raw) => normalizeCase(raw, dialect));
const cases = [...read(jsonPath, 'standard'), ...read(legacyJsonPath, 'legacy')];

// The flat seeds the fixture generator (to-cpp.mjs) used to write here, now stale.
mkdirSync(seedDir, { recursive: true });
for (const name of readdirSync(seedDir)) if (/^case-\d+$/.test(name)) rmSync(join(seedDir, name));

const targets = {
  stream_parser_fuzz: (c, i) => Uint8Array.from([...parserPrefix(c, i), ...c.input]),
  event_source_machine_fuzz: machineSeed,
};
for (const [target, seed] of Object.entries(targets)) {
  const dir = join(seedDir, target);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  cases.forEach((c, i) => writeFileSync(join(dir, `${c.dialect}-${String(i).padStart(3, '0')}`), seed(c, i)));
}
writeFileSync(join(seedDir, 'seeds.stamp'), `${cases.length} cases\n`);
console.log(
  `make-seeds: ${cases.length} cases -> ${Object.keys(targets)
    .map((t) => join(seedDir, t))
    .join(', ')}`,
);
