// The C++ object behind each source is freed: by close(), and by the FinalizationRegistry backstop
// when a source is collected without close(). Run in a child process with --expose-gc.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startServer } from '../server/sse-test-server.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** Runs `body` in a child Node with --expose-gc, after wrapping CoreSession.free to count calls. */
function runWithFreeCounter(body) {
  const script = `
    import { CoreSession } from './js/core/core-session.js';
    import { EventSource } from './js/index.js';
    let freed = 0;
    const free = CoreSession.prototype.free;
    CoreSession.prototype.free = function () { freed++; return free.call(this); };
    const settle = async () => {
      for (let i = 0; i < 30; i++) { globalThis.gc(); await new Promise((r) => setTimeout(r, 20)); }
    };
    ${body}
  `;
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--expose-gc', '--input-type=module', '-e', script],
      { cwd: root, timeout: 15000 },
      (error, stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout.trim())),
    );
  });
}

describe('lifetime of the C++ objects', function () {
  this.timeout(20000);
  let server;
  before(async () => {
    server = await startServer();
  });
  after(() => server.close());

  it('frees the core of a source that failed and was dropped without close(), once it is collected', async () => {
    const out = await runWithFreeCounter(`
      const failOnce = (url) => new Promise((resolve) => {
        const source = new EventSource(url);
        source.onerror = () => resolve(source.readyState);
      });
      const states = [];
      for (let i = 0; i < 3; i++) states.push(await failOnce(${JSON.stringify(server.url('/status?code=404'))}));
      const before = freed;
      await settle();
      console.log(JSON.stringify({ states, before, after: freed }));`);
    const { states, before, after } = JSON.parse(out);
    assert.deepEqual(states, [2, 2, 2]);
    assert.equal(before, 0, 'nothing freed them before they were collected');
    assert.equal(after, 3, 'the backstop freed each collected source once');
  });

  it('frees the core once on close() and not again when the closed source is collected', async () => {
    const out = await runWithFreeCounter(`
      await new Promise((resolve) => {
        const source = new EventSource(${JSON.stringify(server.url('/counter?n=1&retry=20'))});
        source.onmessage = () => { source.close(); resolve(); };
      });
      const afterClose = freed;
      await settle();
      console.log(JSON.stringify({ afterClose, after: freed }));`);
    assert.deepEqual(JSON.parse(out), { afterClose: 1, after: 1 });
  });
});
