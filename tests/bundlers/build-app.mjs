// Builds tests/bundlers/app (copied into `appDir` by the test, with the packed package installed above it)
// with one bundler at its defaults, for production, into appDir/out/ with an index.html there; or, for
// the `sw-` builds, tests/bundlers/service-worker: its sw.js bundled (by esbuild or Vite), beside its page; for `extension`,
// tests/bundlers/extension: its background worker bundled, beside its manifest.
// Run as a child process (some bundlers keep workers): node build-app.mjs <bundler> <appDir> <bundlersDir>.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [bundler, appDir, bundlersDir] = process.argv.slice(2);
const requireBundler = createRequire(join(bundlersDir, 'package.json'));
const load = (name) => import(pathToFileURL(requireBundler.resolve(name)).href);
const out = join(appDir, 'out');
const entry = join(appDir, 'src/index.js');

/** The app's page pointing at the bundle the bundler wrote (for those that do not take the page itself). */
function writePage(script, { module }) {
  const page = readFileSync(join(appDir, 'index.html'), 'utf8').replace(
    '<script type="module" src="./src/index.js"></script>',
    `<script${module ? ' type="module"' : ''} src="./${script}"></script>`,
  );
  writeFileSync(join(out, 'index.html'), page);
}

function compile(compiler) {
  return new Promise((resolve, reject) =>
    compiler.run((error, stats) => {
      if (error || stats.hasErrors()) reject(error ?? new Error(stats.toString('errors-only')));
      else compiler.close(() => resolve());
    }),
  );
}

const builds = {
  async vite() {
    const { build } = await load('vite');
    await build({ root: appDir, configFile: false, logLevel: 'error', build: { outDir: out } });
  },
  async webpack() {
    const { default: webpack } = await load('webpack');
    await compile(webpack({ mode: 'production', context: appDir, entry, output: { path: out } }));
    writePage('main.js', { module: false });
  },
  async rspack() {
    const { rspack } = await load('@rspack/core');
    await compile(rspack({ mode: 'production', context: appDir, entry, output: { path: out } }));
    writePage('main.js', { module: false });
  },
  async rollup() {
    const { rollup } = await load('rollup');
    const { default: nodeResolve } = await load('@rollup/plugin-node-resolve');
    const bundle = await rollup({ input: entry, plugins: [nodeResolve()], logLevel: 'silent' });
    await bundle.write({ dir: out, format: 'es' });
    await bundle.close();
    writePage('index.js', { module: true });
  },
  async 'esbuild-esm'() {
    await esbuildApp({ format: 'esm', outfile: join(out, 'index.js') });
  },
  async 'esbuild-iife'() {
    await esbuildApp({ format: 'iife', outfile: join(out, 'index.js') });
  },
  // A service worker bundled by esbuild, as a module worker and as a classic one.
  async 'sw-esbuild-esm'() {
    await serviceWorker('esm');
  },
  async 'sw-esbuild-iife'() {
    await serviceWorker('iife');
  },
  // Vite: the worker as a second input of the app's own build (a module worker, sharing the app's chunks),
  // and as a library build in the classic format (Rolldown inlines every import into one file).
  async 'sw-vite-app'() {
    const { build } = await load('vite');
    const input = { main: join(appDir, 'index.html'), sw: join(appDir, 'sw.js') };
    const entryFileNames = (chunk) => (chunk.name === 'sw' ? 'sw.js' : 'assets/[name]-[hash].js');
    await build({
      root: appDir,
      configFile: false,
      logLevel: 'error',
      build: { outDir: out, rollupOptions: { input, output: { entryFileNames } } },
    });
    copyFileSync(join(appDir, 'page.js'), join(out, 'page.js')); // a classic script: Vite leaves it out
  },
  async 'sw-vite-iife'() {
    const { build } = await load('vite');
    const lib = { entry: join(appDir, 'sw.js'), formats: ['iife'], name: 'sw', fileName: () => 'sw.js' };
    await build({ root: appDir, configFile: false, logLevel: 'error', build: { outDir: out, lib } });
    for (const file of ['index.html', 'page.js']) copyFileSync(join(appDir, file), join(out, file));
  },
  // A Manifest V3 extension: its background worker bundled by esbuild, beside its manifest; in out/ with the
  // JS core bundled in (background-js-core.js, as the README tells extensions to), in out-no-js-core/ without.
  async extension() {
    const esbuild = await load('esbuild');
    for (const [source, dir] of [
      ['background-js-core.js', out],
      ['background.js', join(appDir, 'out-no-js-core')],
    ]) {
      await esbuild.build({
        entryPoints: [join(appDir, source)],
        bundle: true,
        format: 'esm',
        minify: true,
        outfile: join(dir, 'background.js'),
        logLevel: 'error',
      });
      copyFileSync(join(appDir, 'manifest.json'), join(dir, 'manifest.json'));
    }
  },
  async parcel() {
    const { Parcel } = await load('@parcel/core');
    const parcel = new Parcel({
      entries: join(appDir, 'index.html'),
      defaultConfig: requireBundler.resolve('@parcel/config-default'),
      mode: 'production',
      shouldDisableCache: true,
      defaultTargetOptions: { distDir: out, publicUrl: './' },
      logLevel: 'error',
    });
    await parcel.run();
  },
};

// The app bundled and minified by esbuild with `options` (format, and outfile or outdir), beside its page.
async function esbuildApp(options) {
  const esbuild = await load('esbuild');
  await esbuild.build({ entryPoints: [entry], bundle: true, minify: true, logLevel: 'error', ...options });
  writePage('index.js', { module: options.format === 'esm' });
}

async function serviceWorker(format) {
  const esbuild = await load('esbuild');
  await esbuild.build({
    entryPoints: [join(appDir, 'sw.js')],
    bundle: true,
    format,
    minify: true,
    outfile: join(out, 'sw.js'),
    logLevel: 'error',
  });
  mkdirSync(out, { recursive: true });
  for (const file of ['index.html', 'page.js']) copyFileSync(join(appDir, file), join(out, file));
}

if (!(bundler in builds)) throw new Error(`unknown bundler ${bundler}`);
await builds[bundler]();
process.exit(0); // bundlers' worker pools would keep the process alive
