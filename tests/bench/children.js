// Child processes of the benchmark: forked with IPC, tracked, asked with bounded requests, always killed.
//
// Every child is registered here and killed when it is stopped, when the benchmark exits, or on
// SIGINT/SIGTERM; children also exit by themselves when their parent goes away (see onParentGone).
import { fork } from 'node:child_process';

const running = new Set();

/** Kills every child still running: at exit, and when a section overran its time. */
export function killAll() {
  for (const child of running) child.kill('SIGKILL');
  running.clear();
}
process.on('exit', killAll);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    killAll();
    process.exit(130);
  });
}

/** Throws once `deadline` (ms since the epoch) has passed: sections call it between their cells. */
export function checkDeadline(deadline, what) {
  if (Date.now() > deadline) throw new Error(`${what}: out of time`);
}

/** Rejects after `ms` with a message naming `what`; the timer never outlives the promise. */
export function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${Math.round(ms / 1000)} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Forks `file` (a URL or path) with `args` and node `flags` (in the Node at `execPath`), and waits (at most `readyMs`) for its first
 * message, which it sends when ready. Returns { child, ready (that message), request(message, ms),
 * stop() }. request() sends a message and resolves with the child's next reply ({ error } rejects).
 */
export async function startChild(
  file,
  { args = [], flags = [], readyMs = 60000, name = String(file), execPath = process.execPath } = {},
) {
  const child = fork(file, args, { execArgv: flags, execPath, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  running.add(child);
  const exited = new Promise((_, reject) => {
    child.once('exit', (code, signal) => reject(new Error(`${name} exited (${signal ?? code})`)));
  });
  exited.catch(() => {}); // observed only through the races below
  const nextMessage = () => new Promise((resolve) => child.once('message', resolve));
  const stop = () => {
    running.delete(child);
    child.kill('SIGKILL');
  };
  try {
    const ready = await withTimeout(Promise.race([nextMessage(), exited]), readyMs, `starting ${name}`);
    const request = async (message, ms) => {
      child.send(message);
      const reply = await withTimeout(
        Promise.race([nextMessage(), exited]),
        ms,
        `${name}: ${message.cmd ?? 'request'}`,
      );
      if (reply?.error) throw new Error(`${name}: ${reply.error}`);
      return reply;
    };
    return { child, ready, request, stop };
  } catch (error) {
    stop();
    throw error;
  }
}

/** In a child: exit when the parent is gone, and in any case after `maxS` seconds. */
export function onParentGone(maxS) {
  process.on('disconnect', () => process.exit(0));
  setTimeout(() => process.exit(3), maxS * 1000).unref();
}

/** In a child: answers each request with handle(message)'s result, or { error } when it throws. */
export function serveRequests(handle) {
  process.on('message', async (message) => {
    try {
      process.send(await handle(message));
    } catch (error) {
      process.send({ error: error.stack ?? String(error) });
    }
  });
}

/**
 * In a client child: answers requests with `run` once ready, or says why `client` (from clients.js
 * nodeClient) cannot run here; exits with its parent, and after 15 minutes in any case.
 */
export function serveClient(client, run) {
  onParentGone(15 * 60);
  if (client.unsupported) {
    process.send({ ready: false, reason: client.unsupported });
  } else {
    serveRequests(run);
    process.send({ ready: true });
  }
}
