// Idle-connections server, a child process: answers every request 200 text/event-stream, one comment, then holds it.
//
// Usage: fork idle-server.js; sends { ready, port } once listening on 127.0.0.1. The listen backlog is
// raised so that a batch of a few hundred simultaneous connects is never dropped and retried by SYN.
import http from 'node:http';
import http2 from 'node:http2';
import { onParentGone } from './children.js';

const sockets = new Set();
const hold = (req, res) => {
  res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store' });
  res.write(': idle\n\n');
};
const server = http.createServer(hold);
server.on('connection', (socket) => {
  sockets.add(socket);
  socket.on('close', () => sockets.delete(socket));
});
server.headersTimeout = 0; // held connections are the point: no server timeouts
server.requestTimeout = 0;
// The same over HTTP/2 without TLS (h2c), for transport: 'http2': every source a stream of one session.
const h2Server = http2.createServer({ settings: { maxConcurrentStreams: 2 ** 31 - 1 } }, hold);
h2Server.on('sessionError', () => {});
const listening = (s, options) => new Promise((resolve) => s.listen(options, resolve));
Promise.all([
  listening(server, { port: 0, host: '127.0.0.1', backlog: 4096 }),
  listening(h2Server, { port: 0, host: '127.0.0.1' }),
]).then(() => process.send({ ready: true, port: server.address().port, h2Port: h2Server.address().port }));
onParentGone(15 * 60);
