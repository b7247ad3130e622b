// Idle-connections server, a child process: answers every request 200 text/event-stream, one comment, then holds it.
//
// Usage: fork idle-server.js; sends { ready, port } once listening on 127.0.0.1. The listen backlog is
// raised so that a batch of a few hundred simultaneous connects is never dropped and retried by SYN.
import http from 'node:http';
import { onParentGone } from './children.js';

const sockets = new Set();
const server = http.createServer((req, res) => {
  res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store' });
  res.write(': idle\n\n');
});
server.on('connection', (socket) => {
  sockets.add(socket);
  socket.on('close', () => sockets.delete(socket));
});
server.headersTimeout = 0; // held connections are the point: no server timeouts
server.requestTimeout = 0;
server.listen({ port: 0, host: '127.0.0.1', backlog: 4096 }, () =>
  process.send({ ready: true, port: server.address().port }),
);
onParentGone(15 * 60);
