// The package as consumers load it: ESM import and CommonJS require through package.json's exports,
// the polyfill entry, the script-tag build, what `npm pack` publishes, and the packed tarball
// installed into an empty project.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync, inflateRawSync } from 'node:zlib';
import { startServer } from '../server/sse-test-server.js';
import { packCleanClone } from './helpers/clean-pack.js';
import { NODE_VERSIONS, otherRuntimes } from './helpers/runtimes.js';
import { waitFor } from './helpers/events.js';

const require = createRequire(import.meta.url);
const root = fileURLToPath(new URL('../../', import.meta.url));

// The Wasm magic number "\0asm" at the start of a base64 string: a Wasm embedded without compression.
const BASE64_WASM = 'AGFzbQ';
const WASM_MAGIC = Buffer.from([0, 0x61, 0x73, 0x6d]);
// The script-tag builds, each with its core embedded, and the .wasm each must embed.
// The size target by Node's zlib level 9, as npm run bench measures it: an extension or a dependency that
// lands in the standard script tag by mistake fails here. 16 KiB until the allocator that keeps memory
// bounded under any stream (+~160 B: free blocks merged and split), events in task order (+~340 B: a
// microtask between events) and the CSP checks and advice (+~250 B) took it to 16.9 KiB; the goal is 12 KiB,
// by leaving the extensions' code out of the standard core rather than by dropping any of those. 17.25 KiB
// since the core decides which Last-Event-ID goes out (a refused preflight, a shared connection's new
// holder) and the connection's timers and failed-body reader became modules of their own (+~190 B). 17.5 KiB
// since the script tag imports the JS core from beside itself where WebAssembly is refused (+~240 B);
// the core's memcpy and memset as bulk-memory instructions took 230 B off (17,677 B).
const SCRIPT_TAG_GZIP_BUDGET = 17.5 * 1024;
const SCRIPT_TAGS = {
  'dist/eventsource-wasm.js': 'dist/sse-core.wasm',
  'dist/eventsource-wasm-legacy.js': 'dist/sse-core-legacy.wasm',
};
// The modules through which the entries import each core as plain JS (js/core/standard-core.js, js/core/legacy-core.js), and their .wasm.
const DEFLATED_CORES = {
  'dist/sse-core-deflated.mjs': 'dist/sse-core.wasm',
  'dist/sse-core-legacy-deflated.mjs': 'dist/sse-core-legacy.wasm',
};
const CARRIERS = { ...SCRIPT_TAGS, ...DEFLATED_CORES };
// Bundles of the core modules, and which they bundle.
const BUNDLES = {
  'dist/shared.cjs': Object.keys(DEFLATED_CORES),
  'dist/shared-worker.js': ['dist/sse-core-deflated.mjs'],
};

function run(command, args, options) {
  return new Promise((resolve, reject) => {
    execFile(command, args, { timeout: 10000, ...options }, (error, stdout, stderr) =>
      error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout.trim()),
    );
  });
}

/**
 * Runs `code` in a fresh Node process in `cwd` (default: the package, so its name resolves), with `node`
 * (default: the Node running the tests); resolves to stdout.
 */
function runNode(code, { type = 'module', cwd = root, node = process.execPath, flags = [] } = {}) {
  const args = type === 'module' ? ['--input-type=module', '-e', code] : ['-e', code];
  return run(node, [...flags, ...args], { cwd });
}

/** The files `npm pack` would publish: [{ path, size }]. */
async function packedFiles() {
  const out = await run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, timeout: 30000 });
  return JSON.parse(out)[0].files;
}

/** The longest string literal of base64 characters in a script: the embedded core. */
function base64Literals(text) {
  return [...text.matchAll(/["'`]([A-Za-z0-9+/]{1000,}={0,2})["'`]/g)].map((m) => m[1]);
}

function longestBase64Literal(text) {
  return base64Literals(text).sort((a, b) => b.length - a.length)[0];
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
      assert.deepEqual(
        events.map((e) => e.lastEventId),
        ['1', '2'],
      );
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
    const out = await runNode(
      `
      const { EventSource } = require('eventsource-wasm/polyfill');
      console.log(globalThis.EventSource === EventSource, require.resolve('eventsource-wasm/polyfill').endsWith('polyfill.cjs'));`,
      { type: 'commonjs' },
    );
    assert.equal(out, 'true true');
  });

  it('runs the script-tag build as a classic script that installs EventSource and exposes EventSourceWasm', async () => {
    const out = await runNode(
      `
      const vm = require('node:vm');
      const pkg = require('./package.json');
      vm.runInThisContext(require('node:fs').readFileSync(pkg.unpkg, 'utf8'), { filename: pkg.unpkg });
      console.log(pkg.unpkg === pkg.jsdelivr, typeof EventSourceWasm.installEventSource,
        globalThis.EventSource === EventSourceWasm.EventSource);`,
      { type: 'commonjs' },
    );
    assert.equal(out, 'true function true');
  });

  it('receives events through the script-tag build, whose embedded core is never fetched', async () => {
    const out = await runNode(
      `
      const vm = require('node:vm');
      const fetched = [];
      const realFetch = globalThis.fetch;
      globalThis.fetch = (url, init) => { fetched.push(String(url)); return realFetch(url, init); };
      vm.runInThisContext(require('node:fs').readFileSync('dist/eventsource-wasm.js', 'utf8'));
      const source = new EventSourceWasm.EventSource(${JSON.stringify(server.url('/counter?n=2'))});
      const ids = [];
      source.onerror = (event) => { console.log('error', event.code, event.cause?.message); source.close(); };
      source.onmessage = (event) => {
        ids.push(event.lastEventId);
        if (ids.length === 2) { console.log(ids.join(' '), fetched.some((url) => url.includes('.wasm'))); source.close(); }
      };`,
      { type: 'commonjs' },
    );
    assert.equal(out, '1 2 false');
  });

  it('fetches the core from beside the script-tag build where DecompressionStream is missing', async () => {
    const files = await startServer({ staticDirs: { '/dist/': join(root, 'dist') } });
    try {
      const out = await runNode(
        `
        const vm = require('node:vm');
        delete globalThis.DecompressionStream;
        globalThis.document = { currentScript: { src: ${JSON.stringify(files.url('/dist/eventsource-wasm.js'))} } };
        const fetched = [];
        const realFetch = globalThis.fetch;
        globalThis.fetch = (url, init) => { fetched.push(new URL(String(url)).pathname); return realFetch(url, init); };
        vm.runInThisContext(require('node:fs').readFileSync('dist/eventsource-wasm.js', 'utf8'));
        delete globalThis.document;
        const source = new EventSourceWasm.EventSource(${JSON.stringify(server.url('/counter?n=2'))});
        source.onerror = (event) => { console.log('error', event.code, event.cause?.message); source.close(); };
        source.onmessage = () => { console.log(fetched.filter((path) => path.endsWith('.wasm')).join(' ')); source.close(); };`,
        { type: 'commonjs' },
      );
      assert.equal(out, '/dist/sse-core.wasm');
    } finally {
      await files.close();
    }
  });

  it('fails a legacy stream through the standard script tag and reads it through the legacy one', async () => {
    const url = server.url(
      `/raw?${new URLSearchParams({ type: 'application/x-dom-event-stream', body: 'Event: tick\ndata: 1\n\n' })}`,
    );
    const outcome = (script) =>
      runNode(
        `
      require('node:vm').runInThisContext(require('node:fs').readFileSync(${JSON.stringify(script)}, 'utf8'));
      const source = new EventSourceWasm.EventSource(${JSON.stringify(url)});
      source.addEventListener('tick', (event) => { console.log('tick', event.data); source.close(); });
      source.onerror = (event) => { console.log(event.code); source.close(); };`,
        { type: 'commonjs' },
      );
    assert.equal(await outcome('dist/eventsource-wasm.js'), 'bad-content-type');
    assert.equal(await outcome('dist/eventsource-wasm-legacy.js'), 'tick 1');
  });

  it('rejects the extension options in the script-tag build, which is the standard EventSource only', async () => {
    const out = await runNode(
      `
      require('node:vm').runInThisContext(require('node:fs').readFileSync('dist/eventsource-wasm.js', 'utf8'));
      for (const init of [{ headers: { a: '1' } }, { retry: {} }, { withCredentials: true }]) {
        try { new EventSourceWasm.EventSource('http://127.0.0.1:9/', init).close(); console.log('ok'); } catch (error) { console.log(error.name, error.message); }
      }`,
      { type: 'commonjs' },
    );
    assert.equal(
      out,
      [
        'TypeError EventSource option headers is not in the script-tag build, which is the standard EventSource only: import the eventsource-wasm module (js/index.js) for it.',
        'TypeError EventSource option retry is not in the script-tag build, which is the standard EventSource only: import the eventsource-wasm module (js/index.js) for it.',
        'ok',
      ].join('\n'),
    );
  });

  it('keeps the standard script tag within its size target: 17.5 KiB gzip -9 with the Wasm inside', () => {
    const gzip = gzipSync(readFileSync(join(root, 'dist/eventsource-wasm.js')), { level: 9 }).length;
    assert.ok(
      gzip <= SCRIPT_TAG_GZIP_BUDGET,
      `dist/eventsource-wasm.js is ${gzip} bytes gzip -9, over ${SCRIPT_TAG_GZIP_BUDGET}`,
    );
  });

  it('publishes every file its exports map names, the types and the builds, each .wasm once, and no tests', async () => {
    const files = (await packedFiles()).map((f) => f.path);
    const pkg = require('../../package.json');
    const targets = (entry) => (typeof entry === 'string' ? [entry] : Object.values(entry).flatMap(targets)); // nested conditions
    const named = [pkg.main, pkg.types, pkg.unpkg, ...Object.values(pkg.bin), ...targets(pkg.exports)];
    for (const path of named) assert.ok(files.includes(path.replace(/^\.\//, '')), `${path} is not published`);
    assert.deepEqual(files.filter((f) => f.endsWith('.wasm')).sort(), [
      'dist/sse-core-legacy.wasm',
      'dist/sse-core.wasm',
    ]);
    assert.ok(files.includes('dist/sse-core.mjs'));
    assert.ok(
      !files.some((f) => f.startsWith('tests/') || f.startsWith('cpp/') || f.startsWith('build/')),
      files.join(', '),
    );
    // Build inputs that import build/ artifacts do not run unbundled: not published.
    assert.ok(!files.some((f) => /^js\/(script-tag|embedded-core)/.test(f)), files.join(', '));
  });

  it('embeds a Wasm in no published file but the script tags, the core modules and the bundles of them, each as deflate-raw of its own .wasm', async () => {
    for (const { path } of await packedFiles()) {
      if (path.endsWith('.wasm')) continue;
      const bytes = readFileSync(join(root, path));
      assert.equal(bytes.indexOf(WASM_MAGIC), -1, `${path} holds a raw Wasm`);
      assert.ok(!bytes.toString('latin1').includes(BASE64_WASM), `${path} holds a base64 Wasm`);
      if (path in BUNDLES) {
        // The CommonJS bundle and the prebuilt shared worker carry what they bundle: core modules' strings.
        const cores = BUNDLES[path].map((core) => longestBase64Literal(readFileSync(join(root, core), 'utf8')));
        assert.deepEqual(
          base64Literals(bytes.toString('utf8')).sort(),
          cores.sort(),
          `${path} holds other base64 than ${BUNDLES[path].join(' and ')}'s`,
        );
      } else if (!(path in CARRIERS)) {
        assert.ok(longestBase64Literal(bytes.toString('utf8')) === undefined, `${path} holds a long base64 string`);
      }
    }
    for (const [script, wasm] of Object.entries(CARRIERS)) {
      const embedded = longestBase64Literal(readFileSync(join(root, script), 'utf8'));
      assert.ok(embedded, `${script} embeds no core`);
      assert.ok(
        inflateRawSync(Buffer.from(embedded, 'base64')).equals(readFileSync(join(root, wasm))),
        `${script} does not embed ${wasm}`,
      );
    }
  });
});

// The tarball `npm pack` makes from a clean clone (no dist/: prepare builds it), as a user installs it.
describe('the packed tarball of a clean clone, installed into an empty project', function () {
  this.timeout(60000);
  let server;
  let project;
  let packed;
  before(async function () {
    this.timeout(360000); // prepare builds the Wasm core and the bundles
    server = await startServer();
    packed = await packCleanClone();
    project = mkdtempSync(join(tmpdir(), 'eventsource-wasm-consumer-'));
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true }));
    await run('npm', ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', packed.tarball], {
      cwd: project,
      timeout: 60000,
    });
  });
  after(async () => {
    await server?.close();
    if (project) rmSync(project, { recursive: true, force: true });
  });

  it('holds every file the exports map names, built by prepare from a clone without dist/', () => {
    const pkg = require('../../package.json');
    const targets = (entry) => (typeof entry === 'string' ? [entry] : Object.values(entry).flatMap(targets));
    const named = [pkg.main, pkg.types, pkg.unpkg, ...Object.values(pkg.bin), ...targets(pkg.exports)].map((path) =>
      path.replace(/^\.\//, ''),
    );
    const missing = [...new Set(named)].filter((path) => !packed.files.includes(path));
    assert.deepEqual(missing, [], `not in the tarball: ${missing.join(', ')}`);
    for (const path of pkg.files.filter((f) => !f.startsWith('!')).map((f) => f.replace(/\/$/, ''))) {
      assert.ok(
        packed.files.some((file) => file === path || file.startsWith(`${path}/`)),
        `${path} (package.json files) is not in the tarball`,
      );
    }
  });

  /** Code that prints the ids of the first two events of /counter, then closes. */
  const twoEvents = (url) => `
    const source = new EventSource(${JSON.stringify(url)});
    const ids = [];
    source.onerror = (event) => { console.log('error', event.code, event.cause?.message); source.close(); };
    source.onmessage = (event) => { ids.push(event.lastEventId); if (ids.length === 2) { console.log(ids.join(' ')); source.close(); } };`;

  it('receives events through import, with the core the package imports as JS (dist/sse-core-deflated.mjs)', async () => {
    const out = await runNode(
      `import { EventSource } from 'eventsource-wasm';${twoEvents(server.url('/counter?n=2'))}`,
      { cwd: project },
    );
    assert.equal(out, '1 2');
  });

  it('receives events through require, with the same core', async () => {
    const out = await runNode(
      `const { EventSource } = require('eventsource-wasm');${twoEvents(server.url('/counter?n=2'))}`,
      { type: 'commonjs', cwd: project },
    );
    assert.equal(out, '1 2');
  });

  it('needs no .wasm file: with both removed, import and require still receive events', async () => {
    const dist = join(project, 'node_modules/eventsource-wasm/dist');
    const wasms = ['sse-core.wasm', 'sse-core-legacy.wasm'].map((name) => join(dist, name));
    for (const path of wasms) renameSync(path, `${path}.moved`);
    try {
      assert.equal(
        await runNode(`import { EventSource } from 'eventsource-wasm';${twoEvents(server.url('/counter?n=2'))}`, {
          cwd: project,
        }),
        '1 2',
      );
      assert.equal(
        await runNode(
          `require('eventsource-wasm/legacy'); const { EventSource } = require('eventsource-wasm');${twoEvents(server.url('/counter?n=2'))}`,
          { type: 'commonjs', cwd: project },
        ),
        '1 2',
      );
    } finally {
      for (const path of wasms) renameSync(`${path}.moved`, path);
    }
  });

  it('gives one EventSource class to import and require, across every entry', async () => {
    const out = await runNode(
      `
      import { createRequire } from 'node:module';
      import * as main from 'eventsource-wasm';
      import * as polyfill from 'eventsource-wasm/polyfill';
      import 'eventsource-wasm/legacy';
      const require = createRequire(import.meta.url);
      const required = require('eventsource-wasm');
      const source = new required.EventSource('http://127.0.0.1:9/');
      source.close();
      console.log(main.EventSource === required.EventSource, polyfill.EventSource === require('eventsource-wasm/polyfill').EventSource,
        main.EventSource === polyfill.EventSource, globalThis.EventSource === main.EventSource, source instanceof main.EventSource,
        require('eventsource-wasm/parser').createParser === (await import('eventsource-wasm/parser')).createParser);`,
      { cwd: project },
    );
    assert.equal(out, 'true true true true true true');
  });

  it('runs the CLI as a command of the installed package (npx eventsource-wasm)', async () => {
    const version = await run('npx', ['--no-install', 'eventsource-wasm', '--version'], {
      cwd: project,
      timeout: 30000,
    });
    assert.equal(version, require('../../package.json').version);
    const events = await run(
      'npx',
      ['--no-install', 'eventsource-wasm', '--max-events', '2', server.url('/counter?n=5')],
      { cwd: project, timeout: 30000 },
    );
    assert.equal(events, '#1 1\n#2 2');
  });

  it('receives events through the installed package in Deno and in Bun, by package name', async function () {
    this.timeout(300000);
    const { deno, bun } = await otherRuntimes();
    const script = join(project, 'runtime-check.mjs');
    writeFileSync(script, `import { EventSource } from 'eventsource-wasm';${twoEvents(server.url('/counter?n=2'))}`);
    assert.equal(await run(deno, ['run', '-A', script], { cwd: project, timeout: 30000 }), '1 2');
    assert.equal(await run(bun, [script], { cwd: project, timeout: 30000 }), '1 2');
  });

  it(`receives events through the installed package in Node ${NODE_VERSIONS.join(', ')}, by import and by require`, async function () {
    this.timeout(300000); // the first run installs them (helpers/runtimes.js)
    const binaries = await otherRuntimes();
    for (const major of NODE_VERSIONS) {
      const node = binaries[`node${major}`];
      assert.equal(
        await runNode(`import { EventSource } from 'eventsource-wasm';${twoEvents(server.url('/counter?n=2'))}`, {
          cwd: project,
          node,
        }),
        '1 2',
        `Node ${major}, import`,
      );
      assert.equal(
        await runNode(`const { EventSource } = require('eventsource-wasm');${twoEvents(server.url('/counter?n=2'))}`, {
          type: 'commonjs',
          cwd: project,
          node,
        }),
        '1 2',
        `Node ${major}, require`,
      );
    }
  });

  // node --jitless has no WebAssembly at all. Node 20 and 22 cannot run there (undici, which their Headers and
  // fetch load, compiles WebAssembly), so Node 24.
  it('receives events through the installed package under node --jitless (Node 24), through its JS core, by import and by require', async function () {
    this.timeout(300000); // the first run installs it (helpers/runtimes.js)
    const { node24: node } = await otherRuntimes();
    const check = `if (typeof WebAssembly !== 'undefined') throw new Error('WebAssembly is there');`;
    for (const [type, load] of [
      ['module', "import { EventSource } from 'eventsource-wasm';"],
      ['commonjs', "const { EventSource } = require('eventsource-wasm');"],
    ]) {
      const code = `${load}${check}${twoEvents(server.url('/counter?n=2'))}`;
      assert.equal(await runNode(code, { type, cwd: project, node, flags: ['--jitless'] }), '1 2', type);
    }
  });

  it('uses the JS core when asked (initJsCore), where WebAssembly is there, by import and by require', async () => {
    for (const [type, load] of [
      ['module', "import { EventSource, initJsCore } from 'eventsource-wasm'; const core = await initJsCore();"],
      ['commonjs', "const { EventSource, initJsCore } = require('eventsource-wasm'); initJsCore().then((core) => {"],
    ]) {
      const code = `${load} console.log(core.javascript, typeof WebAssembly);${twoEvents(server.url('/counter?n=2'))}${type === 'commonjs' ? '});' : ''}`;
      assert.equal(await runNode(code, { type, cwd: project }), 'true object\n1 2', type);
    }
  });

  it("type-checks every entry, subpaths too, under TypeScript's node10 resolution (typesVersions)", async () => {
    const dir = join(project, 'node10');
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, 'check.ts'),
      `
      import { EventSource } from 'eventsource-wasm';
      import { installEventSource } from 'eventsource-wasm/polyfill';
      import { installEventSourceElement } from 'eventsource-wasm/legacy';
      import { createParser } from 'eventsource-wasm/parser';
      const source: EventSource = new EventSource('/events', { withCredentials: true });
      source.close();
      export const used = [installEventSource, installEventSourceElement, createParser];
    `,
    );
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'CommonJS',
          moduleResolution: 'node10',
          lib: ['ES2022', 'DOM'],
          strict: true,
          noEmit: true,
          types: [],
        },
        files: ['check.ts'],
      }),
    );
    await run(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', dir], {
      cwd: dir,
      timeout: 60000,
    });
  });

  it('takes a precompiled WebAssembly.Module from initWasm and then never imports the core it carries', async () => {
    const out = await runNode(
      `
      import { readFileSync, renameSync } from 'node:fs';
      import { createRequire } from 'node:module';
      import { EventSource, initWasm } from 'eventsource-wasm';
      const wasmPath = createRequire(import.meta.url).resolve('eventsource-wasm/sse-core.wasm');
      const carried = wasmPath.replace(/sse-core\\.wasm$/, 'sse-core-deflated.mjs');
      const module = await WebAssembly.compile(readFileSync(wasmPath));
      renameSync(carried, carried + '.moved'); // importing it now would fail
      try {
        const core = await initWasm(module);
        console.log(typeof core.WasmEventSource, core.HEAPU8 instanceof Uint8Array, core.HEAPU32 instanceof Uint32Array);
        ${twoEvents(server.url('/counter?n=2'))}
        await new Promise((resolve) => setTimeout(resolve, 1000));
      } finally {
        renameSync(carried + '.moved', carried);
      }`,
      { cwd: project },
    );
    assert.equal(out, 'function true true\n1 2');
  });

  it('takes the bytes, or a Response whatever its Content-Type, from initWasm', async () => {
    for (const wrap of [
      'bytes',
      'new Response(bytes, { headers: { "Content-Type": "application/wasm" } })',
      'new Response(bytes, { headers: { "Content-Type": "application/octet-stream" } })',
    ]) {
      const out = await runNode(
        `
        import { readFileSync } from 'node:fs';
        import { createRequire } from 'node:module';
        import { EventSource, initWasm } from 'eventsource-wasm';
        const bytes = readFileSync(createRequire(import.meta.url).resolve('eventsource-wasm/sse-core.wasm'));
        await initWasm(${wrap});
        ${twoEvents(server.url('/counter?n=2'))}`,
        { cwd: project },
      );
      assert.equal(out, '1 2', wrap);
    }
  });

  it('fails with core-unavailable, saying why for each core, when WebAssembly is missing and the JS core cannot load', async function () {
    this.timeout(300000);
    const { node24: node } = await otherRuntimes();
    const out = await runNode(
      `
      import { provideJsCore } from './js/core/core-module.js';
      import { EventSource } from './js/index.js';
      provideJsCore('standard', () => Promise.reject(new Error('no JS core here')));
      const source = new EventSource(${JSON.stringify(server.url('/counter?n=2'))});
      source.onmessage = () => console.log('message');
      source.onerror = (event) => { console.log(event.code, source.readyState, event.message); source.close(); };`,
      { node, flags: ['--jitless'] },
    );
    assert.match(
      out,
      /^core-unavailable 2 The WebAssembly core failed to load \(this runtime has no WebAssembly; its JavaScript core failed too: no JS core here\)/,
    );
  });

  it('fails each EventSource with core-unavailable when the core cannot load, and rejects initWasm', async () => {
    const out = await runNode(
      `
      import { EventSource, initWasm } from 'eventsource-wasm';
      const loading = initWasm(new Uint8Array([0, 1, 2, 3]));
      const source = new EventSource(${JSON.stringify(server.url('/counter?n=2'))});
      source.onerror = (event) => console.log(event.code, source.readyState, event.cause instanceof Error);
      console.log(await loading.then(() => 'loaded', (error) => error instanceof WebAssembly.CompileError));`,
      { cwd: project },
    );
    assert.equal(out, 'core-unavailable 2 true\ntrue');
  });
});
