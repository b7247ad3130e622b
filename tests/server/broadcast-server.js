// A text/event-stream server in a child process of its own, for the many-connections test
// (tests/js/connections.test.js): it holds every request open and, when the parent asks, writes the
// same events to all of them. Node built-ins only; it exits when its parent goes away.
//
// IPC: sends { ready, port } once listening on 127.0.0.1; answers { count } with { connected } (streams
// open now) and { broadcast: n } with { sent } after writing events 1..n to every stream.
import http from 'node:http';

const streams = new Set();
const server = http.createServer((req, res) => {
  res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store' });
  res.write(': held\n\n');
  streams.add(res);
  res.on('close', () => streams.delete(res));
});
server.headersTimeout = 0; // held connections are the point: no server timeouts
server.requestTimeout = 0;
server.keepAliveTimeout = 0;
process.on('message', (message) => {
  if (message.count) return process.send({ connected: streams.size });
  if (message.broadcast) {
    let events = '';
    for (let k = 1; k <= message.broadcast; k++) events += `id: ${k}\ndata: event ${k}\n\n`;
    for (const res of streams) res.write(events);
    process.send({ sent: streams.size });
  }
});
process.on('disconnect', () => process.exit(0));
server.listen({ port: 0, host: '127.0.0.1', backlog: 4096 }, () =>
  process.send({ ready: true, port: server.address().port }),
);
