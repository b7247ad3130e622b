// The demo's speed page (demo/public/speed.html) and its stream (demo/speed.js), against the real demo server:
// the stream's events over HTTP, and the page running the native EventSource and the polyfill side by side in
// Chromium, Firefox and WebKit.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { startDemoServer } from '../../demo/server.js';
import { MAX_EVENTS, speedEvent } from '../../demo/speed.js';
import { launchFirefox, launchWebKit } from './helpers/browsers.js';
import { CHROMIUM, LAUNCH_ARGS, ROOT, blankScreenshot } from './helpers/chromium.js';

const SHOTS = `${ROOT}build/screenshots`;
// Small runs: the page's figures are not checked, only that each one is measured and shown.
const RUN = '/speed.html?run&kind=typed&n=3000&rate=2000&rounds=1';

/** The body of GET `path` (a stream that ends after its events is read until `done(text)` says so). */
async function readStream(base, path, done) {
  const controller = new AbortController();
  const response = await fetch(new URL(path, base), { signal: controller.signal });
  if (response.status !== 200) return { status: response.status, text: await response.text() };
  const decoder = new TextDecoder();
  let text = '';
  for await (const chunk of response.body) {
    text += decoder.decode(chunk, { stream: true });
    if (done(text)) break;
  }
  controller.abort();
  return { status: response.status, type: response.headers.get('content-type'), text };
}

describe('demo speed page: its stream, and native vs polyfill side by side', function () {
  this.timeout(90000);
  let demo;

  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    demo = await startDemoServer({ port: 0 });
  });
  after(() => demo?.close());

  describe('the stream, /events/speed', () => {
    for (const [rate, what] of [
      [0, 'as fast as the socket takes them'],
      [20000, 'at a steady rate'],
    ]) {
      it(`sends exactly n events of the documented form, ${what}`, async () => {
        const n = 1500;
        const expected = 'retry: 60000\n\n' + Array.from({ length: n }, (_, i) => speedEvent('typed', i)).join('');
        const got = await readStream(
          demo.url,
          `/events/speed?kind=typed&n=${n}&rate=${rate}`,
          (text) => text.length >= expected.length,
        );
        assert.equal(got.status, 200);
        assert.match(got.type, /^text\/event-stream/);
        assert.equal(got.text, expected);
      });
    }

    it('writes tiny events of 60 to 90 bytes with their index, and typed ones with id and event', () => {
      for (let i = 0; i < 200; i++) {
        const tiny = speedEvent('tiny', i);
        assert.ok(tiny.length >= 60 && tiny.length <= 90, `${tiny.length} bytes: ${tiny}`);
        assert.equal(JSON.parse(tiny.slice('data: '.length)).i, i);
        assert.equal(speedEvent('typed', i), `id: ${i}\nevent: tick\n${tiny}`);
      }
    });

    it('answers 400 to a kind, count or rate out of range', async () => {
      for (const query of ['kind=big', `n=${MAX_EVENTS + 1}`, 'n=0', 'rate=-1', 'rate=1.5']) {
        const got = await readStream(demo.url, `/events/speed?${query}`, () => true);
        assert.equal(got.status, 400, query);
        assert.match(got.text, /kind is tiny or typed/);
      }
    });
  });

  /** Runs the page in a tab; returns window.speedResults and the verdict line. */
  async function runPage(evaluate) {
    const deadline = Date.now() + 60000;
    for (;;) {
      const results = await evaluate('window.speedResults');
      if (results?.done) return { results, verdict: await evaluate("document.getElementById('verdict').textContent") };
      assert.ok(Date.now() < deadline, `the page did not finish: ${JSON.stringify(results)}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  function checkResults({ results, verdict }, engine) {
    assert.equal(results.error, null, `${engine}: ${results.error}`);
    // Served with COOP and COEP (demo/static-files.js): the probe's clock counts microseconds.
    assert.equal(results.isolated, true, `${engine}: the speed page is not cross-origin isolated`);
    assert.equal(results.rounds, 1);
    for (const impl of ['native', 'polyfill']) {
      const [run] = results.results[impl];
      assert.ok(run.eventsPerS > 0 && Number.isFinite(run.eventsPerS), `${engine} ${impl}: ${JSON.stringify(run)}`);
      assert.ok(
        run.cpuUsPerEvent >= 0 && Number.isFinite(run.cpuUsPerEvent),
        `${engine} ${impl}: ${JSON.stringify(run)}`,
      );
    }
    assert.match(
      verdict,
      /^eventsource-wasm: \d+\.\d\d× the events\/s of this browser's EventSource; time taken from a busy page [\d,]+\.\d\d µs per event against [\d,]+\.\d\d/,
    );
    console.log(`      ${engine}: ${verdict}`);
  }

  it("runs both in Chromium and shows each one's events/s and the time it takes from a busy page", async () => {
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS, timeout: 30000 });
    try {
      const blankShot = await blankScreenshot(browser);
      const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
      const errors = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto(new URL(RUN, demo.url).href);
      const run = await runPage((expression) => page.evaluate(expression));
      checkResults(run, 'Chromium');
      // The figures on the cards are the results'.
      const shown = await page.$$eval('[data-field="rate"]', (nodes) => nodes.map((n) => n.textContent));
      assert.deepEqual(
        shown,
        ['native', 'polyfill'].map((impl) =>
          Math.round(run.results.results[impl][0].eventsPerS).toLocaleString('en-US'),
        ),
      );
      const shot = await page.screenshot({ path: `${SHOTS}/speed.png` });
      assert.ok(
        shot.length > blankShot.length * 3,
        `speed.png is ${shot.length} bytes, a blank page ${blankShot.length}`,
      );
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
    }
  });

  for (const [engine, launch] of [
    ['Firefox', launchFirefox],
    ['WebKit', launchWebKit],
  ]) {
    it(`runs both in ${engine}`, async () => {
      const browser = await launch();
      try {
        const tab = await browser.open(new URL(RUN, demo.url).href);
        checkResults(await runPage((expression) => tab.evaluate(expression)), engine);
        await tab.close();
      } finally {
        await browser.close();
      }
    });
  }
});
