// Runs the shared behaviour suite (../behaviour/) in headless Chromium, once per flavour: our EventSource
// over fetch, over XHR, and Chromium's native EventSource; plus the worker tests and the script-tag build.
//
// One test server (../server/sse-test-server.js) serves the pages, js/, dist/ and the SSE routes on
// http://127.0.0.1:<port> (the page's origin) and the same routes on a second port (cross-origin, same
// site). Each flavour runs in a fresh browser context (no shared cookies); results come back test by
// test through an exposed function, and each failure is printed with its title and error.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';

import { LAUNCH_TIMEOUT_MS, ROOT, closeAll, launchWithServer, withTimeout } from './helpers/chromium.js';
import { describeFailure, printRun } from './helpers/browser-suite.js';

const FLAVOURS = {
  fetch: 'our EventSource over fetch',
  xhr: 'our EventSource over XMLHttpRequest',
  native: "Chromium's native EventSource",
};
const FLAVOUR_TIMEOUT_MS = 60000; // one flavour's whole in-page run; a normal one takes about 15 s
const PAGE_TIMEOUT_MS = 10000;
const SCRIPT_TAG_BUILD = `${ROOT}dist/eventsource-wasm.js`;

describe('EventSource in headless Chromium', function () {
  let server;
  let browser;
  let startedAt;

  before(async function () {
    this.timeout(LAUNCH_TIMEOUT_MS + 5000);
    startedAt = Date.now();
    ({ server, browser } = await launchWithServer({ crossOrigin: true }));
  });

  after(async function () {
    this.timeout(15000);
    await closeAll({ server, browser });
    if (startedAt !== undefined)
      console.log(`      browser run: ${((Date.now() - startedAt) / 1000).toFixed(1)} s in all`);
  });

  for (const [flavour, description] of Object.entries(FLAVOURS)) {
    it(`passes the behaviour and worker suites with ${description} (flavour ${flavour})`, async function () {
      this.timeout(FLAVOUR_TIMEOUT_MS + PAGE_TIMEOUT_MS + 5000);
      const run = await runFlavour(browser, server, flavour);
      printRun(flavour, run);
      assert.ok(
        run.ended,
        `the in-page run did not end within ${FLAVOUR_TIMEOUT_MS} ms; last test started: ${run.running}`,
      );
      assert.deepEqual(run.pageErrors, [], 'errors thrown in the page outside any test');
      assert.ok(run.passed.length > 0, 'no test passed');
      assert.equal(
        run.failed.length,
        0,
        `${run.failed.length} in-page test(s) failed:\n${run.failed.map(describeFailure).join('\n')}`,
      );
    });
  }

  describe('the script-tag build (dist/eventsource-wasm.js)', function () {
    before(function () {
      assert.ok(existsSync(SCRIPT_TAG_BUILD), 'dist/eventsource-wasm.js is missing: run bash build.sh');
    });

    it('installs itself on a page without EventSource, where page code written for the native API works unchanged', async function () {
      this.timeout(PAGE_TIMEOUT_MS * 2);
      const stream = server.url('/s/script-tag-missing/counter?n=3&retry=20');
      const page = await scriptTagPage(browser, server, { stream });
      try {
        assert.equal(page.hadEventSource, false, 'the page did not manage to remove EventSource');
        assert.equal(page.installed, true, 'window.EventSource is not EventSourceWasm.EventSource');
        assert.equal(page.result.outcome, 'done', JSON.stringify(page.result));
        assert.deepEqual(page.result.received, [
          ['1', '1', server.origin],
          ['2', '2', server.origin],
          ['3', '3', server.origin],
        ]);
        assert.deepEqual(page.result.states, [1]);
        assert.equal(page.result.url, stream);
        assert.equal(page.result.closed, 2);
      } finally {
        await page.close();
      }
    });

    it('leaves a native EventSource in place and still exposes EventSourceWasm', async function () {
      this.timeout(PAGE_TIMEOUT_MS * 2);
      const stream = server.url('/s/script-tag-native/counter?n=3&retry=20');
      const page = await scriptTagPage(browser, server, { stream, 'keep-native': '1' });
      try {
        assert.equal(page.hadEventSource, true);
        assert.equal(page.native, true, 'window.EventSource was replaced');
        assert.equal(page.exposed, true, 'EventSourceWasm.EventSource is missing');
        assert.equal(page.result.outcome, 'done', JSON.stringify(page.result));
      } finally {
        await page.close();
      }
    });
  });

  // Where a page's Content-Security-Policy refuses to compile WebAssembly, the module and the script tag load
  // the same core compiled to JavaScript (dist/sse-core-js.mjs), which they download only then.
  describe("under script-src 'self' without 'wasm-unsafe-eval'", function () {
    const cspPage = async (file, via) => {
      const page = await browser.newPage();
      try {
        await page.goto(server.url(`/tests/browser/${file}?via=${via}`), { timeout: PAGE_TIMEOUT_MS });
        return await withTimeout(
          page.evaluate(() => window.result),
          PAGE_TIMEOUT_MS,
          file,
        );
      } finally {
        await page.close();
      }
    };

    for (const via of ['script', 'module']) {
      it(`receives events through the JS core (${via === 'script' ? 'the script tag' : 'the ES module'}), downloaded only under such a policy`, async function () {
        this.timeout(PAGE_TIMEOUT_MS * 3);
        assert.deepEqual(await cspPage('csp-page.html', via), { type: 'message', data: '1', jsCore: true });
        assert.deepEqual(await cspPage('no-csp-page.html', via), { type: 'message', data: '1', jsCore: false });
      });
    }
  });
});

/**
 * Loads runner.html for one flavour and collects its reports until the run ends or the time is up.
 * @returns {Promise<{ended: boolean, running: string, passed: object[], failed: object[], pending: object[],
 *   pageErrors: string[], seconds: number}>}
 */
async function runFlavour(browser, server, flavour) {
  const started = Date.now();
  const run = { ended: false, running: '(none)', passed: [], failed: [], pending: [], pageErrors: [], seconds: 0 };
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    let end;
    const ended = new Promise((resolve) => (end = resolve));
    await page.exposeFunction('__behaviourReport', (report) => {
      if (report.state === 'running') run.running = report.title;
      else if (report.state === 'end') end();
      else run[report.state]?.push(report);
    });
    page.on('pageerror', (error) => run.pageErrors.push(String(error?.stack ?? error)));
    const query = new URLSearchParams({ flavour, cross: server.crossOrigin });
    await page.goto(server.url(`/tests/browser/runner.html?${query}`), { timeout: PAGE_TIMEOUT_MS });
    run.ended = await withTimeout(
      ended.then(() => true),
      FLAVOUR_TIMEOUT_MS,
      'the in-page run',
    ).catch(() => false);
  } finally {
    await withTimeout(context.close(), 10000, 'closing the browser context').catch(() => {});
    run.seconds = (Date.now() - started) / 1000;
  }
  return run;
}

/** Opens script-tag.html with the given query and reads what its page code saw. */
async function scriptTagPage(browser, server, query) {
  const page = await browser.newPage();
  try {
    const errors = [];
    page.on('pageerror', (error) => errors.push(String(error)));
    await page.goto(server.url(`/tests/browser/script-tag.html?${new URLSearchParams(query)}`), {
      timeout: PAGE_TIMEOUT_MS,
    });
    const seen = await withTimeout(
      page.evaluate(async () => ({
        hadEventSource: window.hadEventSource,
        installed:
          typeof EventSourceWasm === 'object' &&
          window.EventSource === EventSourceWasm.EventSource &&
          window.EventSource !== window.nativeEventSource,
        native: window.EventSource === window.nativeEventSource,
        exposed:
          typeof EventSourceWasm === 'object' &&
          typeof EventSourceWasm.EventSource === 'function' &&
          typeof EventSourceWasm.installEventSource === 'function',
        result: await window.result,
      })),
      PAGE_TIMEOUT_MS,
      'the script-tag page',
    );
    assert.deepEqual(errors, [], 'errors thrown in the script-tag page');
    return { ...seen, close: () => page.close() };
  } catch (error) {
    await page.close();
    throw error;
  }
}
