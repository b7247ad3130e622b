// A real forward proxy for the proxy tests: Debian's tinyproxy (package tinyproxy-bin, installed by build.sh),
// run in the foreground on 127.0.0.1 with a configuration written for the test, and stopped by it.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.js';
import { startServerProcess } from './server-process.js';

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
  const server = await startServerProcess({ name: 'tinyproxy', binary: BINARY, args: ['-d', '-c', file], port, dir });
  return { url: `http://127.0.0.1:${port}`, log: server.output, stop: server.stop };
}
