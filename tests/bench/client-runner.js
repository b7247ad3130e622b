// Child process running one Node EventSource client, so its CPU time is its own (the server runs elsewhere).
//
// Usage: fork client-runner.js <client name>, with --expose-gc. Sends { ready: true } or { ready: false,
// reason }. Each request { cmd: 'run', url, expected, types, digest, timeoutMs } opens one source, listens
// for the workload's event types, and answers when the expected-th event arrives:
// { ms, cpuUs, events, digest? } where ms runs from construction to that event and cpuUs is
// process.cpuUsage() user + system over the same span: this client process only.
import { nodeClient } from './clients.js';
import { serveClient } from './children.js';
import { createDigester } from './digest.js';

const name = process.argv[2];
const client = nodeClient(name);

function receive(source, { expected, types, digest }, finish, fail) {
  const digester = digest ? createDigester() : null;
  let events = 0;
  let check = 0;
  const onEvent = (event) => {
    events++;
    const data = event.data; // read, as a consumer would
    check = (check + data.length) | 0;
    digester?.add(event.type, data, event.lastEventId);
    if (events === expected) finish({ events, check, digest: digester?.digest() });
  };
  for (const type of types) source.addEventListener(type, onEvent);
  source.onerror = () =>
    fail(new Error(`${name}: error event after ${events} of ${expected} events (readyState ${source.readyState})`));
  return () => events;
}

function run(request) {
  globalThis.gc(); // outside the measured span
  return new Promise((resolve, reject) => {
    const cpuStart = process.cpuUsage();
    const start = process.hrtime.bigint();
    const source = client.create(request.url);
    let timer = null;
    const settle = (outcome) => {
      clearTimeout(timer);
      source.close();
      outcome();
    };
    const finish = ({ events, digest }) =>
      settle(() => {
        const ms = Number(process.hrtime.bigint() - start) / 1e6;
        const cpu = process.cpuUsage(cpuStart);
        resolve({ ms, cpuUs: cpu.user + cpu.system, events, digest });
      });
    const fail = (error) => settle(() => reject(error));
    const seen = receive(source, request, finish, fail);
    timer = setTimeout(
      () => fail(new Error(`${name}: ${seen()} of ${request.expected} events after ${request.timeoutMs} ms`)),
      request.timeoutMs,
    );
  });
}

serveClient(client, run);
