// Tests of EventSource inside a dedicated module worker (worker.js), for one flavour, run by runner.js.
import * as assert from '/tests/behaviour/assert.js';
import { waitUntil } from '/tests/behaviour/events.js';

const OPEN = 1;
const CLOSED = 2;
let sessionCounter = 0;

/**
 * @param {object} harness as for defineEventSourceBehaviour, plus `workerUrl`
 */
export function defineWorkerTests({ flavour, url, requests, workerUrl }) {
  describe(`EventSource in a dedicated module worker (${flavour})`, function () {
    let worker;
    let session;
    let log;

    beforeEach(function () {
      sessionCounter += 1;
      session = `worker-${flavour}-${sessionCounter}-${Math.random().toString(36).slice(2, 8)}`;
      log = [];
      worker = new Worker(workerUrl, { type: 'module' });
      worker.onmessage = ({ data }) => log.push(data);
      worker.onerror = (event) => log.push({ type: 'worker-error', message: event.message ?? 'failed to load' });
    });

    afterEach(function () {
      worker.postMessage({ type: 'close' });
      worker.terminate();
    });

    const at = (path) => url(`/s/${session}${path}`);
    const of = (type) => log.filter((entry) => entry.type === type);
    const until = (predicate, timeoutMs = 3000) =>
      waitUntil(
        () => predicate(),
        timeoutMs,
        () => `; worker said: ${JSON.stringify(log)}`,
      );
    const gets = async (pathname) =>
      (await requests(session)).filter((r) => r.method === 'GET' && r.pathname === pathname);

    function start(path, init = {}) {
      worker.postMessage({ type: 'connect', url: path, flavour, init });
    }

    /**
     * Waits until nothing more can happen to the worker's source, which must be CLOSED, as t.settled does
     * in the behaviour suite: every request of the session is over on the server, the worker has
     * dispatched what had arrived (its answer comes after the messages those posted), and on our
     * flavours none of the source's timers is pending, so it cannot reconnect (native: the standard's
     * word that a CLOSED EventSource never does).
     */
    async function settled() {
      await until(async () => (await requests(session)).every((r) => r.closedAt !== null));
      const answers = of('settled').length;
      worker.postMessage({ type: 'settle' });
      await until(() => of('settled').length > answers);
      const { readyState, pending } = of('settled').at(-1);
      assert.equal(readyState, CLOSED, 'settled() is for a CLOSED source');
      if (flavour !== 'native') assert.deepEqual(pending, [], 'timers the CLOSED source left pending (ms)');
    }

    it('runs in a worker scope without a document and there uses the EventSource under test', async function () {
      start(at('/counter?n=1'));
      await until(() => of('created').length === 1);
      const [created] = of('created');
      assert.equal(created.inWorker, true);
      assert.equal(created.ours, flavour !== 'native');
      assert.equal(created.readyState, 0);
    });

    it('delivers open, then messages with data, lastEventId and the origin of the stream', async function () {
      start(at('/counter?n=3'));
      await until(() => of('message').length === 3);
      assert.deepEqual(
        log.filter((e) => e.type !== 'created').map((e) => e.type),
        ['open', 'message', 'message', 'message'],
      );
      assert.deepEqual(
        of('message').map((m) => [m.data, m.lastEventId, m.origin, m.readyState]),
        [
          ['1', '1', location.origin, OPEN],
          ['2', '2', location.origin, OPEN],
          ['3', '3', location.origin, OPEN],
        ],
      );
    });

    it("resolves a root-relative URL against the worker's location", async function () {
      const target = at('/counter?n=1');
      const { pathname, search } = new URL(target);
      start(pathname + search);
      await until(() => of('message').length === 1);
      assert.equal(of('created')[0].url, target);
    });

    it('reconnects with Last-Event-ID after the body ends and resumes without loss or repetition', async function () {
      start(at('/counter?n=4&per=2&retry=20'));
      await until(() => of('message').length >= 4);
      assert.deepEqual(
        of('message').map((m) => m.data),
        ['1', '2', '3', '4'],
      );
      assert.equal(of('error')[0].readyState, 0);
      assert.deepEqual(
        (await gets('/counter')).slice(0, 2).map((r) => r.headers['last-event-id']),
        [undefined, '2'],
      );
    });

    it('fails the connection once for URLs that are not HTTP(S), as in a window', async function () {
      for (const target of ['ftp://example.not/stream', 'about:blank', 'javascript:void 0']) {
        log.length = 0;
        start(target);
        await until(() => of('error').length === 1);
        await settled();
        const events = log.filter((e) => ['open', 'message', 'error'].includes(e.type));
        assert.deepEqual(
          events.map((e) => [e.type, e.readyState]),
          [['error', CLOSED]],
          target,
        );
        worker.postMessage({ type: 'close' });
      }
    });

    it('fires nothing more after close() in the worker, although the server keeps sending', async function () {
      start(at('/tick?interval=20&retry=20'));
      await until(() => of('message').length >= 2);
      worker.postMessage({ type: 'close' });
      await until(() => of('closed').length === 1);
      const count = log.length;
      await settled();
      assert.equal(log.length, count + 1); // the settled answer alone
      assert.equal(of('closed')[0].readyState, CLOSED);
    });
  });

  describe(`EventSource in a shared module worker (${flavour})`, function () {
    it('fails the connection once for URLs that are not HTTP(S), as in a window', async function () {
      for (const target of ['ftp://example.not/stream', 'about:blank', 'javascript:void 0']) {
        // A worker per URL (a new name each time), so no state carries over.
        const worker = new SharedWorker('/tests/browser/shared-worker.js', {
          type: 'module',
          name: `${flavour}-${target}-${Math.random()}`,
        });
        const log = [];
        worker.port.onmessage = ({ data }) => log.push(data);
        worker.onerror = (event) => log.push({ type: 'worker-error', message: event.message ?? 'failed to load' });
        worker.port.start();
        worker.port.postMessage({ type: 'connect', url: target, flavour });
        try {
          await waitUntil(
            () => log.some((e) => e.type === 'error'),
            3000,
            () => `; worker said: ${JSON.stringify(log)}`,
          );
          // Nothing more can come (as settled() above; these URLs make no request).
          worker.port.postMessage({ type: 'settle' });
          await waitUntil(
            () => log.some((e) => e.type === 'settled'),
            3000,
            () => `; worker said: ${JSON.stringify(log)}`,
          );
          const { readyState, pending } = log.find((e) => e.type === 'settled');
          assert.equal(readyState, CLOSED);
          if (flavour !== 'native') assert.deepEqual(pending, [], 'timers the CLOSED source left pending (ms)');
          assert.ok(log.find((e) => e.type === 'created')?.inSharedWorker, 'not in a shared worker');
          const events = log.filter((e) => ['open', 'message', 'error'].includes(e.type));
          assert.deepEqual(
            events.map((e) => [e.type, e.readyState]),
            [['error', CLOSED]],
            target,
          );
        } finally {
          worker.port.postMessage({ type: 'close' });
          worker.port.close();
        }
      }
    });
  });
}
