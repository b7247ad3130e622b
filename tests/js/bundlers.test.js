// The package inside a web app, as users build one: the tarball `npm pack` makes from a clean clone,
// installed into an empty project, and the tiny app of tests/bundlers/app (the standard EventSource,
// three events) built for production by each bundler at its defaults, with no configuration and no
// initWasm call; then loaded in Chromium from the test server, which also streams the events. Likewise
// a service worker (tests/bundlers/service-worker) and an MV3 extension's background worker
// (tests/bundlers/extension) that bundle the package.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { startServer } from '../server/sse-test-server.js';
import { bundlersDir } from './helpers/bundlers.js';
import { CHROMIUM, LAUNCH_ARGS, LAUNCH_TIMEOUT_MS } from './helpers/chromium.js';
import { packCleanClone } from './helpers/clean-pack.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const APP = join(root, 'tests/bundlers/app');
const SERVICE_WORKER_APP = join(root, 'tests/bundlers/service-worker');
const EXTENSION_APP = join(root, 'tests/bundlers/extension');
const BUILD_APP = join(root, 'tests/bundlers/build-app.mjs');
// Each bundler at its defaults for production (tests/bundlers/build-app.mjs says what that means for
// each), and how its build shares a connection with `shared: true`: through the SharedWorker, which the
// bundler builds from `new SharedWorker(new URL(...), ...)`, or through a page the pages elect where it
// does not (the worker's URL then names no file).
const BUNDLERS = {
  vite: 'worker',
  webpack: 'worker',
  rspack: 'worker',
  rollup: 'election',
  'esbuild-esm': 'election',
  'esbuild-iife': 'election',
  parcel: 'worker',
};
// Service workers that bundle the package (tests/bundlers/service-worker), and how each is registered.
const SERVICE_WORKERS = {
  'sw-esbuild-esm': 'module',
  'sw-esbuild-iife': 'classic',
  'sw-vite-app': 'module',
  'sw-vite-iife': 'classic',
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

/** Every file under `dir`, as paths relative to it. */
function filesUnder(dir) {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath ?? entry.path, entry.name).slice(dir.length + 1));
}

/** The first characters of a core's base64 (dist/sse-core*-deflated.mjs): enough to find it in a bundle. */
// The mark build.sh puts in the JS cores (dist/sse-core*-js.mjs), which minifiers keep.
const JS_CORE_MARK = 'eventsource-wasm: the core compiled to JavaScript';
// The bundlers that copy the JS core (`new URL('./sse-core-js.mjs', import.meta.url)` in
// dist/sse-core-js-import.mjs) into their output, where a page imports it only if WebAssembly is refused.
// The others (esbuild, Rollup) leave the URL to name the file beside the bundle, where their users copy it.
const COPIES_JS_CORE = new Set(['vite', 'webpack', 'rspack', 'parcel']);

function coreSignature(name) {
  return /"([A-Za-z0-9+/]{48})/.exec(readFileSync(join(root, 'dist', name), 'utf8'))[1];
}

describe('the package in a web app built by each bundler, at its defaults', function () {
  this.timeout(60000);
  let apps;
  let browser;

  before(async function () {
    this.timeout(600000); // the clean pack builds the core; the bundlers install once (~40 s)
    const [{ tarball }, bundlers] = await Promise.all([packCleanClone(), bundlersDir()]);
    apps = mkdtempSync(join(tmpdir(), 'eventsource-wasm-apps-'));
    writeFileSync(join(apps, 'package.json'), JSON.stringify({ name: 'apps', private: true }));
    await run('npm', ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', tarball], {
      cwd: apps,
      timeout: 60000,
    });
    const sources = {
      ...Object.fromEntries(Object.keys(BUNDLERS).map((b) => [b, APP])),
      ...Object.fromEntries(Object.keys(SERVICE_WORKERS).map((b) => [b, SERVICE_WORKER_APP])),
      extension: EXTENSION_APP,
    };
    for (const [bundler, source] of Object.entries(sources)) {
      cpSync(source, join(apps, bundler), { recursive: true });
      await run(process.execPath, [BUILD_APP, bundler, join(apps, bundler), bundlers], {
        cwd: join(apps, bundler),
        timeout: 120000,
      });
    }
    browser = await chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS, timeout: LAUNCH_TIMEOUT_MS });
  });

  // Vite's dev server pre-bundles dependencies with esbuild into node_modules/.vite, where a
  // `new URL('….wasm', import.meta.url)` no longer names the file: the core as JS has no such path.
  it('vite dev server: receives the events (the package pre-bundled as a dependency)', async function () {
    this.timeout(90000);
    const requireBundler = createRequire(join(await bundlersDir(), 'package.json'));
    const { createServer } = await import(pathToFileURL(requireBundler.resolve('vite')).href);
    const sse = await startServer();
    const vite = await createServer({
      root: join(apps, 'vite'),
      configFile: false,
      logLevel: 'error',
      server: { host: '127.0.0.1', port: 0 },
    });
    const page = await browser.newPage();
    const errors = [];
    page.on('pageerror', (error) => errors.push(error.message));
    try {
      await vite.listen();
      const stream = sse.url('/counter?n=3'); // another origin: the test server answers with CORS headers
      await page.goto(`${vite.resolvedUrls.local[0]}index.html?stream=${encodeURIComponent(stream)}`);
      await page
        .waitForFunction(() => /^(events|error)/.test(document.title), null, { timeout: 30000 })
        .catch(() => {});
      assert.equal(await page.title(), 'events: 1,2,3', `page errors: ${errors.join(' | ')}`);
    } finally {
      await page.close();
      await vite.close();
      await sse.close();
    }
  });

  for (const [build, type] of Object.entries(SERVICE_WORKERS)) {
    it(`${build}: a ${type} service worker with the package bundled in receives the events`, async () => {
      const server = await startServer({ staticDirs: { '/': join(apps, build, 'out') } });
      const context = await browser.newContext();
      try {
        const page = await context.newPage();
        await page.goto(server.url(`/index.html?type=${type}`));
        await page.waitForFunction(() => document.title !== 'waiting', null, { timeout: 10000 }).catch(() => {});
        assert.equal(await page.title(), 'events: 1,2,3');
      } finally {
        await context.close();
        await server.close();
      }
    });
  }

  // Extensions load only into a persistent context; Chromium's new headless mode runs them.
  async function inExtension(dir, url) {
    const context = await chromium.launchPersistentContext(mkdtempSync(join(apps, 'profile-')), {
      executablePath: CHROMIUM,
      headless: false,
      timeout: LAUNCH_TIMEOUT_MS,
      args: [
        '--headless=new',
        ...LAUNCH_ARGS.filter((arg) => arg !== '--headless'),
        `--disable-extensions-except=${dir}`,
        `--load-extension=${dir}`,
      ],
    });
    try {
      const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 10000 }));
      return await worker.evaluate((stream) => globalThis.threeEvents(stream), url);
    } finally {
      await context.close();
    }
  }

  it("extension: a Manifest V3 background worker with the package bundled in receives events, with 'wasm-unsafe-eval' in its manifest", async function () {
    this.timeout(60000);
    const server = await startServer();
    try {
      assert.equal(await inExtension(join(apps, 'extension', 'out'), server.url('/counter?n=3')), 'events: 1,2,3');
    } finally {
      await server.close();
    }
  });

  // The default extension CSP refuses WebAssembly; the worker may not import(): the JS core must be bundled in.
  function withDefaultCsp(build) {
    const dir = join(apps, 'extension', `${build}-default-csp`);
    cpSync(join(apps, 'extension', build), dir, { recursive: true });
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    delete manifest.content_security_policy;
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
    return dir;
  }

  it('extension: under the default extension CSP, which refuses WebAssembly, receives events through the JS core it bundled (eventsource-wasm/js-core)', async function () {
    this.timeout(60000);
    const server = await startServer();
    try {
      assert.equal(await inExtension(withDefaultCsp('out'), server.url('/counter?n=3')), 'events: 1,2,3');
    } finally {
      await server.close();
    }
  });

  it('extension: under the default extension CSP, without eventsource-wasm/js-core, fails saying to import it', async function () {
    this.timeout(60000);
    const server = await startServer();
    try {
      const outcome = await inExtension(withDefaultCsp('out-no-js-core'), server.url('/counter?n=3'));
      assert.match(outcome, /^error: core-unavailable .*could not import its JavaScript core/);
      assert.match(outcome, /import "eventsource-wasm\/js-core"/);
    } finally {
      await server.close();
    }
  });

  after(async () => {
    await browser?.close();
    if (apps) rmSync(apps, { recursive: true, force: true });
  });

  for (const bundler of Object.keys(BUNDLERS)) {
    it(`${bundler}: receives the events, and emits the standard core only, as JS`, async () => {
      const out = join(apps, bundler, 'out');
      const server = await startServer({ staticDirs: { '/': out } });
      const page = await browser.newPage();
      const downloaded = { js: 0, wasm: 0, jsCore: false };
      const errors = [];
      page.on('pageerror', (error) => errors.push(error.message));
      page.on('response', async (response) => {
        const { pathname } = new URL(response.url());
        if (!/\.(m?js|wasm)$/.test(pathname)) return;
        const body = await response.body().catch(() => null);
        if (body) downloaded[pathname.endsWith('.wasm') ? 'wasm' : 'js'] += gzipSync(body, { level: 9 }).length;
        if (body?.includes(JS_CORE_MARK)) downloaded.jsCore = true;
      });
      try {
        await page.goto(server.url('/index.html'));
        await page.waitForFunction(() => document.title !== 'waiting', null, { timeout: 10000 }).catch(() => {});
        assert.equal(await page.title(), 'events: 1,2,3', `page errors: ${errors.join(' | ')}`);
      } finally {
        await page.close();
        await server.close();
      }
      const files = filesUnder(out);
      const text = files
        .filter((file) => /\.(m?js|html)$/.test(file))
        .map((file) => readFileSync(join(out, file), 'latin1'))
        .join('\n');
      assert.deepEqual(
        files.filter((file) => file.endsWith('.wasm')),
        [],
        'a .wasm file was emitted',
      );
      assert.ok(text.includes(coreSignature('sse-core-deflated.mjs')), 'the standard core is not in the bundle');
      assert.ok(!text.includes(coreSignature('sse-core-legacy-deflated.mjs')), 'the legacy core was emitted');
      // The node:http transport replaced by its stand-in (package.json "browser"), but for Rollup, whose
      // node-resolve reads that field only with `browser: true`.
      assert.equal(
        text.includes('node:https'),
        bundler === 'rollup',
        'whether the node:http transport is in the build',
      );
      // In no bundle: a file of its own where the bundler copies it (Parcel: one per environment, the page's
      // and the shared worker's), and not downloaded.
      const read = (file) => readFileSync(join(out, file), 'latin1');
      const withJsCore = files.filter((file) => !file.endsWith('.map') && read(file).includes(JS_CORE_MARK));
      if (COPIES_JS_CORE.has(bundler)) assert.ok(withJsCore.length >= 1, 'the JS core was not emitted');
      else assert.deepEqual(withJsCore, [], 'the JS core is in the build');
      for (const file of withJsCore) {
        assert.ok(!read(file).includes(coreSignature('sse-core-deflated.mjs')), `${file}: the JS core in a bundle`);
      }
      assert.ok(!downloaded.jsCore, 'the page downloaded the JS core');
      console.log(
        `      ${bundler}: ${(downloaded.js / 1024).toFixed(1)} KiB of JS (the core inside) and ${(downloaded.wasm / 1024).toFixed(1)} KiB of Wasm downloaded, gzip -9`,
      );
    });

    // Under a policy that refuses to compile WebAssembly, the same build loads the JS core instead: from
    // where the bundler copied it, or from beside the bundle, where the README tells esbuild's and Rollup's
    // users to copy it.
    it(`${bundler}: receives the events under script-src 'self' without 'wasm-unsafe-eval', through the JS core${COPIES_JS_CORE.has(bundler) ? ' it emitted' : ' copied beside the bundle'}`, async () => {
      const dir = strictPolicyCopy(bundler, 'out-csp');
      if (!COPIES_JS_CORE.has(bundler)) cpSync(packageFile('dist/sse-core-js.mjs'), join(dir, 'sse-core-js.mjs'));
      const server = await startServer({ staticDirs: { '/': dir } });
      const page = await browser.newPage();
      const refusals = [];
      page.on('console', (message) => /WebAssembly|wasm/i.test(message.text()) && refusals.push(message.text()));
      page.on('pageerror', (error) => refusals.push(error.message));
      try {
        await page.goto(server.url('/index.html'));
        await page.waitForFunction(() => document.title !== 'waiting', null, { timeout: 10000 }).catch(() => {});
        assert.equal(await page.title(), 'events: 1,2,3', refusals.join(' | '));
        // The policy held: the page could not compile WebAssembly.
        assert.equal(
          await page.evaluate(() =>
            WebAssembly.compile(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0])).then(
              () => 'compiled',
              () => 'refused',
            ),
          ),
          'refused',
        );
      } finally {
        await page.close();
        await server.close();
      }
    });

    if (!COPIES_JS_CORE.has(bundler)) {
      it(`${bundler}: under script-src 'self', without the JS core copied beside the bundle, fails saying where to copy it`, async () => {
        const dir = strictPolicyCopy(bundler, 'out-csp-no-js-core');
        const server = await startServer({ staticDirs: { '/': dir } });
        const page = await browser.newPage();
        try {
          await page.goto(server.url('/index.html'));
          await page.waitForFunction(() => document.title !== 'waiting', null, { timeout: 10000 }).catch(() => {});
          const title = await page.title();
          assert.match(
            title,
            /^error: core-unavailable .*could not import its JavaScript core from http:\/\/[^ ]+\/sse-core-js\.mjs/,
          );
          assert.match(title, /copy dist\/sse-core-js\.mjs there/);
        } finally {
          await page.close();
          await server.close();
        }
      });
    }

    it(`${bundler}: shares one connection between two tabs with shared: true (through ${BUNDLERS[bundler] === 'worker' ? 'the SharedWorker' : 'an elected tab'})`, async () => {
      await twoTabs(bundler, 'shared', BUNDLERS[bundler]);
    });

    // Where the bundler emits no worker, the package's prebuilt one, served beside the app.
    if (BUNDLERS[bundler] === 'election') {
      it(`${bundler}: shares one connection between two tabs through the prebuilt worker (dist/shared-worker.js), named by shared: { worker }`, async () => {
        cpSync(packageFile('dist/shared-worker.js'), join(apps, bundler, 'out/eventsource-wasm-shared-worker.js'));
        await twoTabs(bundler, 'worker=./eventsource-wasm-shared-worker.js', 'worker');
      });
    }
  }

  /** A path in the installed package. */
  function packageFile(path) {
    return join(apps, 'node_modules/eventsource-wasm', path);
  }

  // A copy of `bundler`'s build in `name`, its page under `script-src 'self'` (no 'wasm-unsafe-eval').
  function strictPolicyCopy(bundler, name) {
    const dir = join(apps, bundler, name);
    cpSync(join(apps, bundler, 'out'), dir, { recursive: true });
    const html = readFileSync(join(dir, 'index.html'), 'utf8');
    // Parcel writes an inline import map, which a strict policy allows by its hash (as its users must).
    const hashes = [...html.matchAll(/<script[^>]*>([^<]+)<\/script>/g)].map(
      ([, text]) => ` 'sha256-${createHash('sha256').update(text).digest('base64')}'`,
    );
    const policy = `<meta http-equiv="Content-Security-Policy" content="script-src 'self'${hashes.join('')}">`;
    // First, after the doctype: a minified page may have no <head> tag (the parser then opens one for the meta).
    writeFileSync(join(dir, 'index.html'), html.replace(/^(<!doctype html>)?/i, `$1${policy}`));
    return dir;
  }

  // Two tabs of `bundler`'s app with `query` open one shared stream, which `expected` ('worker' or
  // 'election') holds; three events published reach both, over one connection.
  async function twoTabs(bundler, query, expected) {
    const server = await startServer({ staticDirs: { '/': join(apps, bundler, 'out') } });
    const session = `${bundler}-${expected}-${Date.now()}`;
    const context = await browser.newContext();
    const errors = [];
    try {
      const pages = [];
      for (let i = 0; i < 2; i++) {
        const page = await context.newPage();
        page.on('pageerror', (error) => errors.push(error.message));
        await page.goto(server.url(`/index.html?${query}&stream=${encodeURIComponent(`/s/${session}/hub`)}`));
        // 20 s: on 2 busy cores an election has taken over 10 (once, in a fresh CI run).
        await page.waitForFunction(() => document.title !== 'waiting', null, { timeout: 20000 }).catch(() => {});
        assert.equal(await page.title(), 'open', `tab ${i + 1}; page errors: ${errors.join(' | ')}`);
        pages.push(page);
      }
      // An elected holder keeps a Web Lock named after the shared stream; the worker needs none.
      const how = await pages[0].evaluate(async () => {
        const { held, pending } = await navigator.locks.query();
        return [...held, ...pending].some((lock) => lock.name.startsWith('eventsource-wasm:holder:'))
          ? 'election'
          : 'worker';
      });
      await fetch(server.url(`/s/${session}/publish?n=3`), { method: 'POST' });
      for (const page of pages) {
        await page.waitForFunction(() => document.title.startsWith('events: '), null, { timeout: 20000 });
      }
      const connections = server.sessionRequests(session).filter((r) => r.method === 'GET' && r.pathname === '/hub');
      assert.equal(connections.length, 1, `${connections.length} connections for two tabs`);
      assert.equal(how, expected);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
      await server.close();
    }
  }
});
