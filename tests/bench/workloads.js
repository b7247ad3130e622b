// The seven generated event streams every implementation is fed, each with the exact events it must yield.
//
// A generator writes the wire text one event at a time and, beside it, the event the standard says a
// client dispatches for it ({ type, data, lastEventId }), so agreement is checked against what the
// stream means, not only between implementations. Everything is seeded: each run and each process
// (servers, runners, the browser page) builds the same bytes.
import { eventDigest } from './digest.js';

const encoder = new TextEncoder();

/** Chunk sizes of the parser benchmark: a large socket read, and one Ethernet-sized segment. */
export const CHUNK_SIZES = Object.freeze({ '64 KiB': 64 * 1024, '1.5 KiB': 1536 });

// mulberry32: small, fast and deterministic; quality is irrelevant here.
function random(seed) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { int: (n) => Math.floor(next() * n), pick: (list) => list[Math.floor(next() * list.length)] };
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const CJK = [
  ...'的一是不了人我在有他这中大来上国个到说们为子和你地出道也时年得就那要下以生会自着去之过家学对可她里后小么心多天而能好都然没日于起还发成事只作当想看文无开手十用主行方又如前所本见经头面公同三已老从动两长知民样现分将外但身些与高意进把法此实回二理美点月明其种声全工己话儿者向情部正名定女问力机给等几很业最间新什打便位因重被走电四第门相次东政海口使教西再平真听世气信北少关并内加化由却代军产入先山五太水万市眼体别处总才场师书比住员九笑性通目华报立马命张活难神数件安表原车白应路期叫死常提感金何更反合放做系计或司利受光王果亲界及今京务制解各任至清物台象记边共风战干接它许八特觉望直服毛林题建南度统色字请交爱让认算论百吃义科怎元社术结六功指思非流每青管夫连远资队跟带花快条院变联言权往展该领传近留红治决周保达办运武半候七必城父强步完革深区即求品士转量空甚众技轻程告江语英基派满式李息写呢识极令黄德收脸钱党倒未持取设始版双历越史商千片容研像找友孩站广改议形委早房音火际则首单据导影失拿网香似斯专石若兵弟谁校读志飞观争究包组造落视济喜离虽坏兴切故排云尔号母调团维准况标费推存乎群毛',
];
const EMOJI = ['😀', '🎉', '🚀', '👍🏽', '❤️', '🔥', '✨', '🙏', '🤖', '👩‍💻', '🇯🇵', '🌏'];

function word(rng, length) {
  let text = '';
  for (let i = 0; i < length; i++) text += LETTERS[rng.int(LETTERS.length)];
  return text;
}

// Each generator returns { prefix, units: [wire text of one event, including what precedes it],
// events: [{ type, data, lastEventId }] }, one unit per event.

function tinyTokens(count, rng) {
  // LLM token streams: one small JSON object per event, 60-90 bytes on the wire, no id, no type.
  const units = [];
  const events = [];
  for (let i = 0; i < count; i++) {
    const head = `data: {"i":${i},"choices":[{"delta":{"content":"`;
    const tail = '"}}]}';
    const wire = 60 + rng.int(31);
    const data = `${head.slice(6)}${word(rng, Math.max(1, wire - head.length - tail.length - 2))}${tail}`;
    units.push(`data: ${data}\n\n`);
    events.push({ type: 'message', data, lastEventId: '' });
  }
  return { prefix: '', units, events };
}

function smallTyped(count, rng) {
  // Dashboards and feeds: every event has an id and one of a few types.
  const types = ['update', 'presence', 'notice'];
  const units = [];
  const events = [];
  for (let i = 0; i < count; i++) {
    const type = rng.pick(types);
    const data = JSON.stringify({ seq: i, user: `user-${rng.int(500)}`, status: word(rng, 8 + rng.int(40)) });
    units.push(`id: ${i}\nevent: ${type}\ndata: ${data}\n\n`);
    events.push({ type, data, lastEventId: String(i) });
  }
  return { prefix: '', units, events, types };
}

function multiline(count, rng) {
  // Ten data lines of 80 characters per event: the data buffer is joined with LF.
  const units = [];
  const events = [];
  for (let i = 0; i < count; i++) {
    const lines = Array.from({ length: 10 }, () => word(rng, 80));
    units.push(`${lines.map((line) => `data: ${line}\n`).join('')}\n`);
    events.push({ type: 'message', data: lines.join('\n'), lastEventId: '' });
  }
  return { prefix: '', units, events };
}

function largeLines(count, rng) {
  // One 256 KiB data line per event: lines far longer than any chunk.
  const units = [];
  const events = [];
  for (let i = 0; i < count; i++) {
    const data = `${i}:${word(rng, 256 * 1024 - String(i).length - 1)}`;
    units.push(`id: big-${i}\ndata: ${data}\n\n`);
    events.push({ type: 'message', data, lastEventId: `big-${i}` });
  }
  return { prefix: '', units, events };
}

function crlf(count, rng) {
  // Windows-style servers: every line ends with CRLF, so CR|LF falls across chunk boundaries.
  const units = [];
  const events = [];
  for (let i = 0; i < count; i++) {
    const first = `line ${i} ${word(rng, 10 + rng.int(30))}`;
    const second = JSON.stringify({ n: i, v: rng.int(1e6) });
    units.push(`id: ${i}\r\nevent: tick\r\ndata: ${first}\r\ndata: ${second}\r\n\r\n`);
    events.push({ type: 'tick', data: `${first}\n${second}`, lastEventId: String(i) });
  }
  return { prefix: '', units, events, types: ['tick'] };
}

function heartbeats(count, rng) {
  // Keep-alive comments dominate the bytes: 32 comment lines before each small event.
  const comments = ': heartbeat\n'.repeat(32);
  const units = [];
  const events = [];
  for (let i = 0; i < count; i++) {
    const data = JSON.stringify({ n: i, load: rng.int(100) });
    units.push(`${comments}data: ${data}\n\n`);
    events.push({ type: 'message', data, lastEventId: '' });
  }
  return { prefix: '', units, events };
}

function utf8Json(count, rng) {
  // Chat in CJK with emoji (astral, skin tones, ZWJ, flags): multi-byte characters split across chunks.
  const units = [];
  const events = [];
  for (let i = 0; i < count; i++) {
    let text = '';
    for (let k = 0, n = 20 + rng.int(30); k < n; k++) text += k % 7 === 6 ? rng.pick(EMOJI) : rng.pick(CJK);
    const data = JSON.stringify({ id: i, user: `用户${rng.int(100)}`, text });
    units.push(`data: ${data}\n\n`);
    events.push({ type: 'message', data, lastEventId: '' });
  }
  return { prefix: '', units, events };
}

const GENERATORS = [
  { key: 'tiny', title: 'tiny LLM tokens (60-90 B)', count: 100_000, generate: tinyTokens },
  { key: 'small-typed', title: 'small typed (id + event)', count: 70_000, generate: smallTyped },
  { key: 'multiline', title: 'multi-line (10 × 80 chars)', count: 8_000, generate: multiline },
  { key: 'large', title: 'large (256 KiB lines)', count: 24, generate: largeLines },
  { key: 'crlf', title: 'CRLF line endings', count: 70_000, generate: crlf },
  { key: 'heartbeat', title: 'heartbeat-heavy (32 comments/event)', count: 16_000, generate: heartbeats },
  { key: 'utf8', title: 'UTF-8 JSON (CJK + emoji)', count: 45_000, generate: utf8Json },
];

/** The workload keys, in report order. */
export const WORKLOAD_KEYS = Object.freeze(GENERATORS.map((g) => g.key));

function build({ key, title, count, generate }, scale, seed) {
  const { prefix, units, events, types = ['message'] } = generate(Math.max(2, Math.round(count * scale)), random(seed));
  const text = prefix + units.join('');
  // Byte offset where each event's unit ends: the one-event-per-chunk split and the paced server use them.
  const eventEnds = new Array(units.length);
  let at = encoder.encode(prefix).length;
  for (const [i, unit] of units.entries()) eventEnds[i] = at += Buffer.byteLength(unit);
  const bytes = encoder.encode(text);
  if (at !== bytes.length) throw new Error(`workload ${key}: event offsets do not add up`);
  return { key, title, bytes, events, eventEnds, types, digest: eventDigest(events) };
}

/**
 * The workloads at a size scale (1: about 7 MiB each; the quick run and the test use 0.01):
 * [{ key, title, bytes, events, eventEnds, types, digest }]. `only` limits them to some keys.
 */
export function workloads({ scale = 1, only = WORKLOAD_KEYS } = {}) {
  return GENERATORS.filter((g) => only.includes(g.key)).map((g) => build(g, scale, 1 + WORKLOAD_KEYS.indexOf(g.key)));
}

/** Fixed-size chunks, as sockets deliver them (views, no copies). */
export function splitBytes(bytes, size) {
  const chunks = [];
  for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
  return chunks;
}

/** One chunk per event, as live streams and LLM APIs arrive. */
export function splitAtEvents(bytes, eventEnds) {
  return eventEnds.map((end, i) => bytes.subarray(i === 0 ? 0 : eventEnds[i - 1], end));
}

/** How many events a run of `workload` gets: all of them, or paced ({ n }: its first n, one write each) at most n. */
export function eventCount(workload, paced) {
  return paced ? Math.min(paced.n, workload.events.length) : workload.events.length;
}
