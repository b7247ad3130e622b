// A real reverse proxy for the HTTP/2 tests: Debian's nginx (installed by build.sh) in the foreground, serving
// HTTP/2 over TLS on 127.0.0.1 and passing every request to an HTTP/1.1 upstream unbuffered, as sites put it
// in front of an SSE server. Its own configuration, prefix and logs live in a temporary directory.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.js';
import { startServerProcess } from './server-process.js';

const BINARY = '/usr/sbin/nginx';

/**
 * Starts nginx in front of `upstream` (an http://127.0.0.1:port origin) with the certificate { key, cert }, and
 * nginx's default http2_max_concurrent_streams (128). Resolves to { origin (https://127.0.0.1:port), stop() }.
 */
export async function startNginx({ upstream, key, cert }) {
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
  const args = ['-c', file, '-p', dir, '-g', 'daemon off;'];
  const server = await startServerProcess({ name: 'nginx', binary: BINARY, args, port, dir });
  return { origin: `https://127.0.0.1:${port}`, stop: server.stop };
}
