// A real reverse proxy for the HTTP/2 tests: Debian's nginx (installed by build.sh) in the foreground, serving
// HTTP/2 over TLS on 127.0.0.1 and passing every request to an HTTP/1.1 upstream unbuffered, as sites put it
// in front of an SSE server. Its own configuration, prefix and logs live in a temporary directory.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.js';

const BINARY = '/usr/sbin/nginx';

/**
 * Starts nginx in front of `upstream` (an http://127.0.0.1:port origin) with the certificate { key, cert }.
 * maxConcurrentStreams: its http2_max_concurrent_streams (undefined: nginx's default, 128). Resolves to
 * { origin (https://127.0.0.1:port), errors() (its error log), stop() }.
 */
export async function startNginx({ upstream, key, cert, maxConcurrentStreams }) {
  const dir = await mkdtemp(join(tmpdir(), 'sse-nginx-'));
  const port = await freePort();
  await writeFile(join(dir, 'server.key'), key);
  await writeFile(join(dir, 'server.pem'), cert);
  const config = `
worker_processes 1;
error_log ${dir}/error.log warn;
pid ${dir}/nginx.pid;
events { worker_connections 8192; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  server {
    listen 127.0.0.1:${port} ssl http2;
    ssl_certificate ${dir}/server.pem;
    ssl_certificate_key ${dir}/server.key;
    ${maxConcurrentStreams === undefined ? '' : `http2_max_concurrent_streams ${maxConcurrentStreams};`}
    location / {
      proxy_pass ${upstream};
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_buffering off;
      proxy_read_timeout 1h;
    }
  }
}
`;
  const file = join(dir, 'nginx.conf');
  await writeFile(file, config);
  const child = spawn(BINARY, ['-c', file, '-p', dir, '-g', 'daemon off;'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  let gone = false;
  exited.then(() => (gone = true));
  for (let tries = 0; ; tries++) {
    if (gone || tries === 100) {
      child.kill('SIGKILL');
      await rm(dir, { recursive: true, force: true });
      throw new Error(`nginx did not start:\n${output}`);
    }
    const open = await new Promise((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.destroy();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (open) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    origin: `https://127.0.0.1:${port}`,
    errors: () => readFile(join(dir, 'error.log'), 'utf8').catch(() => ''),
    async stop() {
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 3000))]);
      child.kill('SIGKILL');
      await rm(dir, { recursive: true, force: true });
    },
  };
}
