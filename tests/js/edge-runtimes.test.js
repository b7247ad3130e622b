// The package in edge runtimes, as their users get it, with no code for them: the tarball `npm pack`
// makes of a clean clone, installed into an empty project, bundled by the runtime's own tooling and run
// by the real runtime against the test server. Cloudflare: wrangler bundles tests/edge/worker (export
// conditions workerd, worker, browser; a .wasm import becomes a WebAssembly.Module) and workerd serves it,
// at today's compatibility date and at an old one (no FinalizationRegistry, no RequestInit `cache`).
// Vercel: tests/edge/edge-function.js bundled as Next.js and Vercel bundle edge code (conditions
// edge-light, worker, browser; `.wasm?module` becomes a WebAssembly.Module handed to the runtime, here by
// a small esbuild plugin standing in for theirs) and evaluated by edge-runtime with WebAssembly
// compilation from bytes refused, as Vercel runs it. Both refuse to compile Wasm from bytes.
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from '../server/sse-test-server.js';
import { packCleanClone } from './helpers/clean-pack.js';
import { freePort } from './helpers/free-port.js';
import { installPinned } from './helpers/pinned-packages.js';
import { otherRuntimes } from './helpers/runtimes.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const EDGE = join(root, 'tests/edge');
// Three events, the response ends, and a reconnection with Last-Event-ID: 3 gets the fourth.
const STREAM = '/counter?n=4&per=3&retry=20';
const EXPECTED = {
  outcome: 'done',
  messages: [1, 2, 3, 4].map((k) => ['message', String(k), String(k), true]),
  calls: 4,
  parsed: ['a', 'b'],
};

function run(command, args, options) {
  return new Promise((resolve, reject) => {
    execFile(command, args, { maxBuffer: 16 << 20, ...options }, (error, stdout, stderr) =>
      error
        ? reject(new Error(`${command} ${args.join(' ')}: ${error.message}\n${stdout}\n${stderr}`))
        : resolve(stdout),
    );
  });
}

/**
 * workerd's config for the worker wrangler wrote into `out`: its bundle and each Wasm module it imports
 * (embedded from paths relative to the config, written in `dir`).
 */
function workerdConfig(dir, out, port, compatibilityDate) {
  const embed = (file) => relative(dir, join(out, file));
  const modules = [
    `(name = "worker.js", esModule = embed "${embed('worker.js')}")`,
    ...readdirSync(out)
      .filter((file) => file.endsWith('.wasm'))
      .map((file) => `(name = "./${file}", wasm = embed "${embed(file)}")`),
  ];
  return `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [ (name = "main", worker = .worker), (name = "net", network = (allow = ["local", "private", "public"])) ],
  sockets = [ (name = "http", address = "127.0.0.1:${port}", http = (), service = "main") ],
);
const worker :Workerd.Worker = (
  modules = [ ${modules.join(', ')} ],
  compatibilityDate = "${compatibilityDate}",
  globalOutbound = "net",
);
`;
}

/** Serves `out` with workerd at `compatibilityDate`, asks the worker to open `stream`, and stops it. */
async function inWorkerd(workerd, dir, out, compatibilityDate, stream) {
  const port = await freePort();
  const config = join(dir, `workerd-${compatibilityDate}.capnp`);
  writeFileSync(config, workerdConfig(dir, out, port, compatibilityDate));
  const child = spawn(workerd, ['serve', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  try {
    for (let tries = 0; ; tries++) {
      try {
        const response = await fetch(`http://127.0.0.1:${port}/?stream=${encodeURIComponent(stream)}`);
        return await response.json();
      } catch (error) {
        if (tries === 100 || child.exitCode !== null)
          throw new Error(`workerd did not answer: ${error.message}\n${stderr}`, { cause: error });
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  } finally {
    child.kill();
  }
}

describe('the package in edge runtimes, with no code for them', function () {
  this.timeout(60000);
  let dir;
  let prefix;
  let edge;
  let server;

  before(async function () {
    this.timeout(600000); // the clean pack builds the core; wrangler and edge-runtime install once
    let tarball;
    [{ tarball }, prefix] = await Promise.all([
      packCleanClone(),
      installPinned(join(EDGE, 'package.json'), join(root, 'build/edge'), [
        'node_modules/.bin/wrangler',
        'node_modules/.bin/workerd',
      ]),
    ]);
    edge = createRequire(join(prefix, 'package.json'));
    dir = mkdtempSync(join(tmpdir(), 'eventsource-wasm-edge-'));
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'edge-apps', private: true }));
    await run('npm', ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', tarball], {
      cwd: dir,
      timeout: 60000,
    });
    server = await startServer();
  });

  after(async () => {
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  describe("Cloudflare's workerd, the worker bundled by wrangler", function () {
    let out;

    before(async function () {
      this.timeout(120000);
      const app = join(dir, 'worker');
      cpSync(join(EDGE, 'worker'), app, { recursive: true });
      cpSync(join(EDGE, 'observe.js'), join(app, 'observe.js'));
      out = join(dir, 'worker-out');
      const { node24 } = await otherRuntimes(); // wrangler 4 needs Node 22.12 or later
      const wrangler = join(prefix, 'node_modules/wrangler/bin/wrangler.js');
      await run(node24, [wrangler, 'deploy', '--dry-run', '--outdir', out], {
        cwd: app,
        timeout: 120000,
        env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: '1' },
      });
    });

    it('bundles the core as a WebAssembly.Module import, not as base64 to compile', () => {
      assert.deepEqual(readdirSync(out).filter((file) => file.endsWith('.wasm')).length, 1);
      assert.equal(
        readFileSync(
          join(
            out,
            readdirSync(out).find((file) => file.endsWith('.wasm')),
          ),
        ).compare(readFileSync(join(root, 'dist/sse-core.wasm'))),
        0,
      );
    });

    for (const date of ['2026-11-01', '2024-01-01']) {
      it(`receives each event once, reconnects with Last-Event-ID, and parses (compatibility date ${date})`, async () => {
        const workerd = join(prefix, 'node_modules/.bin/workerd');
        assert.deepEqual(await inWorkerd(workerd, dir, out, date, server.url(STREAM)), EXPECTED);
      });
    }
  });

  describe("Vercel's edge runtime, bundled as Next.js bundles edge code", function () {
    it('receives each event once, reconnects with Last-Event-ID, and parses, with no MessageEvent and no compiling from bytes', async () => {
      const esbuild = edge('esbuild');
      const { EdgeRuntime } = edge('edge-runtime');
      const app = join(dir, 'edge-function');
      cpSync(join(EDGE, 'edge-function.js'), join(app, 'edge-function.js'));
      cpSync(join(EDGE, 'observe.js'), join(app, 'observe.js'));
      const wasmFiles = [];
      const wasmModules = {
        name: 'wasm-module',
        setup(build) {
          build.onResolve({ filter: /\.wasm\?module$/ }, (args) => ({
            path: join(args.resolveDir, args.path.replace(/\?module$/, '')),
            namespace: 'wasm-module',
          }));
          build.onLoad({ filter: /.*/, namespace: 'wasm-module' }, (args) => {
            wasmFiles.push(args.path);
            return { contents: `export default globalThis.__wasm${wasmFiles.length - 1};`, loader: 'js' };
          });
        },
      };
      const bundle = await esbuild.build({
        entryPoints: [join(app, 'edge-function.js')],
        bundle: true,
        format: 'iife',
        write: false,
        platform: 'browser',
        conditions: ['edge-light', 'worker', 'browser'],
        plugins: [wasmModules],
        logLevel: 'error',
      });
      assert.deepEqual(
        wasmFiles.map((file) => readFileSync(file).compare(readFileSync(join(root, 'dist/sse-core.wasm')))),
        [0],
      );
      const modules = await Promise.all(wasmFiles.map((file) => WebAssembly.compile(readFileSync(file)))); // compiled by the host, another realm
      const runtime = new EdgeRuntime({
        codeGeneration: { strings: false, wasm: false },
        extend: (context) =>
          Object.assign(context, Object.fromEntries(modules.map((module, i) => [`__wasm${i}`, module]))),
        initialCode: bundle.outputFiles[0].text,
      });
      assert.equal(
        await runtime.evaluate('typeof MessageEvent'),
        'undefined',
        'the edge runtime has a MessageEvent now: this test no longer tests the stand-in',
      );
      assert.deepEqual(JSON.parse(await runtime.evaluate(`run(${JSON.stringify(server.url(STREAM))})`)), EXPECTED);
    });
  });
});
