// Section 3, idle connections: memory per held connection, each client in its own process, the server in another.
//
// One measurement per (count, client), not rounds: memory growth is not a timing and barely varies;
// a fresh server and a fresh client process for each, so nothing of one run is left in the next.
import { startChild } from './children.js';
import { portFor } from './clients.js';

export const IDLE_CLIENTS = ['eventsource-wasm', 'eventsource-wasm (fetch)', 'eventsource-wasm (http2)', 'eventsource'];

async function measure(name, count, timeoutMs) {
  const server = await startChild(new URL('./idle-server.js', import.meta.url), { name: 'idle server' });
  try {
    const runner = await startChild(new URL('./idle-runner.js', import.meta.url), {
      args: [name],
      flags: ['--expose-gc'],
      name: `idle ${name}`,
    });
    try {
      if (!runner.ready.ready) return { name, count, skipped: runner.ready.reason };
      const url = `http://127.0.0.1:${portFor(name, server.ready)}/idle`;
      return { name, ...(await runner.request({ cmd: 'run', url, count, timeoutMs }, timeoutMs + 10000)) };
    } finally {
      runner.stop();
    }
  } finally {
    server.stop();
  }
}

/** { rows: [{ name, count, openMs, rss, heapUsed, external, wasm (bytes per connection) } | { name, count, skipped | failed }] } */
export async function idleSection(config, timeoutMs) {
  const rows = [];
  const deadline = Date.now() + timeoutMs;
  for (const count of config.idleCounts) {
    for (const name of IDLE_CLIENTS) {
      // A client that cannot hold its connections in time is reported, and the others still measured.
      const left = Math.max(5000, Math.min(deadline - Date.now(), count * 30));
      rows.push(await measure(name, count, left).catch((error) => ({ name, count, failed: error.message })));
    }
  }
  return { rows };
}
