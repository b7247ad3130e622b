// The EventSource behaviour suite (flavour 'node') in Deno, in Bun and in Node 22, 24 and 26 (the
// tests themselves run in the machine's Node, 20), and in Node 24 and Deno under --jitless, where there
// is no WebAssembly and the package runs on its JS core: each runtime runs Mocha on
// tests/runtimes/behaviour-runner.js in its own process, against the test server started here.
// The runtimes: helpers/runtimes.js.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from '../server/sse-test-server.js';
import { NODE_VERSIONS, otherRuntimes } from './helpers/runtimes.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const mocha = join(root, 'node_modules/mocha/bin/mocha.js');

function run(command, args, options) {
  return new Promise((resolve) => {
    execFile(command, args, { maxBuffer: 16 << 20, ...options }, (error, stdout, stderr) => {
      resolve({ code: error ? (error.code ?? error.signal) : 0, output: stdout + stderr });
    });
  });
}

describe('the behaviour suite in other runtimes', function () {
  this.timeout(300000);
  let server;
  let binaries;
  before(async function () {
    server = await startServer({ crossOrigin: true });
    binaries = await otherRuntimes();
  });
  after(() => server?.close());

  // Deno takes script arguments Mocha would need (--no-config is one of its own flags), so Mocha reads
  // tests/runtimes/.mocharc.json instead: both run from that directory with no arguments.
  const RUNTIMES = [
    ['Deno', 'deno', ['run', '-A', mocha]],
    ['Bun', 'bun', [mocha]],
    ...NODE_VERSIONS.map((major) => [`Node ${major}`, `node${major}`, [mocha]]),
    // No WebAssembly at all: the JS core (dist/sse-core-js.mjs) instead. Node 20 and 22 cannot run there:
    // their own HTTP client (undici, which Headers and fetch load) compiles WebAssembly when it loads.
    ['Node 24 --jitless', 'node24', ['--jitless', mocha]],
    ['Deno --jitless', 'deno', ['run', '-A', '--v8-flags=--jitless', mocha]],
  ];
  for (const [name, key, args] of RUNTIMES) {
    it(`passes in ${name}, over each transport the runtime has`, async function () {
      const binary = binaries[key];
      const env = {
        ...process.env,
        NO_COLOR: '1',
        SSE_TEST_SERVER: server.url('/'),
        SSE_TEST_CROSS_ORIGIN: server.crossOriginUrl('/'),
      };
      const { code, output } = await run(binary, args, { cwd: join(root, 'tests/runtimes'), env, timeout: 240000 });
      const passing = Number(/(\d+) passing/.exec(output)?.[1] ?? 0);
      const summary = output
        .split('\n')
        .filter((line) => /^\s*(EventSource in|over the \w+ transport$|\d+ (passing|pending|failing))/.test(line))
        .join('\n');
      const failures = output
        .slice(output.search(/\d+ failing/))
        .split('\n')
        .filter((line) => !/^\s+at /.test(line))
        .join('\n');
      assert.equal(code, 0, failures.slice(0, 8000));
      // Node without WebAssembly: node:http only (the fetch transport is Node's fetch, which needs it).
      const minimum = name === 'Node 24 --jitless' ? 120 : 150;
      assert.ok(passing >= minimum, `only ${passing} tests passed:\n${summary}`);
      assert.doesNotMatch(output, /\d+ failing/);
      // The runner names the core it ran on (tests/runtimes/behaviour-runner.js).
      assert.match(output, name.endsWith('--jitless') ? /the JS core/ : /the Wasm core/);
      console.log(`      ${summary.replace(/\n/g, '\n      ')}`);
    });
  }
});
