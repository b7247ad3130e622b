// Deterministic event streams the benchmarks feed every implementation, with their expected totals.

const encoder = new TextEncoder();

function tokenStream(count) {
  // Many tiny events, as streaming LLM APIs send them.
  let text = '';
  for (let i = 0; i < count; i++) text += `data: {"token":"t${i % 97}","i":${i}}\n\n`;
  return text;
}

function jsonMessages(count) {
  // Medium events with ids and types, as dashboards and feeds send them.
  let text = 'retry: 60000\n\n';
  for (let i = 0; i < count; i++) {
    const body = JSON.stringify({ id: i, user: `user-${i % 50}`, text: 'lorem ipsum dolor sit amet '.repeat(3), at: 1700000000000 + i });
    text += `id: ${i}\nevent: update\ndata: ${body}\n\n`;
  }
  return text;
}

function largeMultiline(count) {
  // Large events split over many data lines, with non-ASCII text.
  const line = 'données ünïcödé – ' + 'x'.repeat(200);
  let text = '';
  for (let i = 0; i < count; i++) text += `${`data: ${line}\n`.repeat(64)}\n`;
  return text;
}

function splitBytes(bytes, size) {
  const chunks = [];
  for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
  return chunks;
}

/** [{ name, bytes, chunks (16 KiB, as sockets deliver), events }] */
export function workloads() {
  return [
    { name: 'tiny token events', text: tokenStream(200_000), events: 200_000 },
    { name: 'JSON messages with id and type', text: jsonMessages(50_000), events: 50_000 },
    { name: 'large multi-line UTF-8 events', text: largeMultiline(1_000), events: 1_000 },
  ].map(({ name, text, events }) => {
    const bytes = encoder.encode(text);
    return { name, bytes, chunks: splitBytes(bytes, 16 * 1024), events };
  });
}
