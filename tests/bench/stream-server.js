// Benchmark server, run as a child process so it has a core of its own: streams one workload per
// request as fast as the socket takes it, then keeps the connection open until the client closes.
// Usage: node stream-server.js <workload index>; prints the port on stdout.
import http from 'node:http';
import { workloads } from './workloads.js';

const workload = workloads()[Number(process.argv[2])];
const server = http.createServer(async (req, res) => {
  res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store' });
  res.write('retry: 60000\n\n'); // clients close after the last event; no reconnect meanwhile
  for (const chunk of workload.chunks) {
    if (!res.write(chunk)) await new Promise((resolve) => res.once('drain', resolve));
    if (res.destroyed) return;
  }
});
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
process.on('disconnect', () => process.exit(0));
setTimeout(() => process.exit(0), 10 * 60 * 1000).unref(); // never outlives a stuck benchmark
