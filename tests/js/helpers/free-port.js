// A loopback port for connections that must be refused.
import net from 'node:net';

/** A port on 127.0.0.1 that was free a moment ago: listened on, then closed, so nothing listens there. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}
