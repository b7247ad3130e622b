// A server program the tests run in the foreground (tinyproxy, nginx): started, waited for until it accepts
// connections, and stopped, with its temporary directory removed.
import { spawn } from 'node:child_process';
import { rm } from 'node:fs/promises';
import net from 'node:net';

/**
 * Runs `binary` with `args` and resolves once something accepts connections on 127.0.0.1:`port` (tried every
 * 50 ms for 5 s) to { output() (what it printed so far), stop() (SIGTERM, then SIGKILL after 3 s; removes
 * `dir`) }. Rejects with its output, stopped, if it exits first or never listens.
 */
export async function startServerProcess({ name, binary, args, port, dir }) {
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  let gone = false;
  const exited = new Promise((resolve) => child.once('exit', resolve)).then(() => (gone = true));
  const stop = async () => {
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 3000))]);
    child.kill('SIGKILL');
    await rm(dir, { recursive: true, force: true });
  };
  for (let tries = 0; tries < 100; tries++) {
    if (gone) break;
    const open = await new Promise((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.destroy();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (open) return { output: () => output, stop };
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await stop();
  throw new Error(`${name} ${gone ? 'exited' : `did not listen on ${port}`}:\n${output}`);
}
