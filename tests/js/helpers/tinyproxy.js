// A real forward proxy for the proxy tests: Debian's tinyproxy (package tinyproxy-bin, installed by build.sh),
// run in the foreground on 127.0.0.1 with a configuration written for the test, and stopped by it.
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.js';

const BINARY = '/usr/bin/tinyproxy';

/**
 * Starts tinyproxy. connectPorts: the ports it tunnels CONNECT to (its default allows 443 only; none here
 * means no CONNECT at all); basicAuth: { user, password } it requires. Resolves to { url (http://127.0.0.1:
 * port), log() (what it logged so far: one `Request (file descriptor N): <request line>` per request), stop() }.
 */
export async function startTinyproxy({ connectPorts = [], basicAuth } = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'sse-tinyproxy-'));
  const port = await freePort();
  const config = [
    `Port ${port}`,
    'Listen 127.0.0.1',
    'Timeout 60',
    'Allow 127.0.0.1',
    'MaxClients 200',
    'LogLevel Connect',
    // Without a ConnectPort line tinyproxy tunnels to any port; with one, only to those listed.
    ...(connectPorts.length > 0 ? connectPorts.map((p) => `ConnectPort ${p}`) : ['ConnectPort 1']),
    ...(basicAuth ? [`BasicAuth ${basicAuth.user} ${basicAuth.password}`] : []),
  ];
  const file = join(dir, 'tinyproxy.conf');
  await writeFile(file, `${config.join('\n')}\n`);
  const child = spawn(BINARY, ['-d', '-c', file], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  await waitForListener(port, exited, () => output);
  return {
    url: `http://127.0.0.1:${port}`,
    log: () => output,
    async stop() {
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 2000))]);
      child.kill('SIGKILL');
      await rm(dir, { recursive: true, force: true });
    },
  };
}

// Resolves once something accepts connections on the port (tries for up to 5 s), rejects if tinyproxy exits.
async function waitForListener(port, exited, output) {
  let gone = false;
  exited.then(() => (gone = true));
  for (let tries = 0; tries < 100; tries++) {
    if (gone) throw new Error(`tinyproxy exited:\n${output()}`);
    const open = await new Promise((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.destroy();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`tinyproxy did not listen on ${port}:\n${output()}`);
}
