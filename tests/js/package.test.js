// The package as consumers load it: ESM import and CommonJS require through package.json's exports,
// the polyfill entry, the script-tag build, and what `npm pack` would publish.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { startServer } from '../server/sse-test-server.js';
import { waitFor } from './helpers/events.js';

const require = createRequire(import.meta.url);
const root = fileURLToPath(new URL('../../', import.meta.url));

/** Runs `code` in a fresh Node process inside the package (so its name resolves); resolves to stdout. */
function runNode(code, { type = 'module' } = {}) {
  const args = type === 'module' ? ['--input-type=module', '-e', code] : ['-e', code];
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { cwd: root, timeout: 10000 }, (error, stdout, stderr) =>
      error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout.trim()));
  });
}

describe('package entry points', function () {
  let server;
  before(async () => {
    server = await startServer();
  });
  after(() => server.close());

  it('imports EventSource by package name without defining a global one', async () => {
    const { EventSource } = await import('eventsource-wasm');
    assert.equal(typeof EventSource, 'function');
    assert.equal(EventSource.CLOSED, 2);
    assert.equal(globalThis.EventSource, undefined);
  });

  it('requires the CommonJS build by package name and receives events with it', async () => {
    const { EventSource } = require('eventsource-wasm');
    assert.match(require.resolve('eventsource-wasm'), /dist[\\/]index\.cjs$/);
    const source = new EventSource(server.url('/counter?n=2&retry=20'));
    try {
      const events = await waitFor(source, 'message', 2, 3000);
      assert.deepEqual(events.map((e) => e.lastEventId), ['1', '2']);
    } finally {
      source.close();
    }
  });

  it('installs EventSource from the polyfill entry where the runtime has none', async () => {
    const out = await runNode(`
      import { EventSource } from 'eventsource-wasm';
      import 'eventsource-wasm/polyfill';
      console.log(globalThis.EventSource === EventSource, Object.keys(globalThis).includes('EventSource'));`);
    assert.equal(out, 'true false');
  });

  it('leaves an existing EventSource alone unless installEventSource is forced', async () => {
    const out = await runNode(`
      class Native {}
      globalThis.EventSource = Native;
      const { EventSource, installEventSource } = await import('eventsource-wasm/polyfill');
      const kept = globalThis.EventSource === Native;
      const returned = installEventSource({ force: true });
      console.log(kept, globalThis.EventSource === EventSource, returned === EventSource);`);
    assert.equal(out, 'true true true');
  });

  it('installs EventSource from the CommonJS polyfill entry', async () => {
    const out = await runNode(`
      const { EventSource } = require('eventsource-wasm/polyfill');
      console.log(globalThis.EventSource === EventSource, require.resolve('eventsource-wasm/polyfill').endsWith('polyfill.cjs'));`,
    { type: 'commonjs' });
    assert.equal(out, 'true true');
  });

  it('runs the script-tag build as a classic script that installs EventSource and exposes EventSourceWasm', async () => {
    const out = await runNode(`
      const vm = require('node:vm');
      const pkg = require('./package.json');
      vm.runInThisContext(require('node:fs').readFileSync(pkg.unpkg, 'utf8'), { filename: pkg.unpkg });
      console.log(pkg.unpkg === pkg.jsdelivr, typeof EventSourceWasm.installEventSource,
        globalThis.EventSource === EventSourceWasm.EventSource);`,
    { type: 'commonjs' });
    assert.equal(out, 'true function true');
  });

  it('publishes every file its exports map names, the types and the builds, and no tests', async () => {
    const out = await new Promise((resolve, reject) => {
      execFile('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, timeout: 30000 },
        (error, stdout) => (error ? reject(error) : resolve(stdout)));
    });
    const files = JSON.parse(out)[0].files.map((f) => f.path);
    const pkg = require('../../package.json');
    const named = [pkg.main, pkg.types, pkg.unpkg, ...Object.values(pkg.exports).flatMap((e) => (typeof e === 'string' ? [e] : Object.values(e)))];
    for (const path of named) assert.ok(files.includes(path.replace(/^\.\//, '')), `${path} is not published`);
    assert.ok(files.includes('dist/sse-core.mjs'));
    assert.ok(!files.some((f) => f.startsWith('tests/') || f.startsWith('cpp/')), files.join(', '));
  });
});
