// The demo's conformance and clock pages in headless Chromium, against the real demo server.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { startDemoServer } from '../../demo/server.js';
import { CHROMIUM, LAUNCH_ARGS, ROOT, blankScreenshot } from './helpers/chromium.js';

const SHOTS = `${ROOT}build/screenshots`;
const corpusSize = ['stream-cases.json', 'legacy-stream-cases.json']
  .map((file) => JSON.parse(readFileSync(`${ROOT}tests/fixtures/${file}`, 'utf8')).length)
  .reduce((a, b) => a + b);

describe('demo pages in Chromium: conformance and server clock', function () {
  this.timeout(60000);
  let demo;
  let browser;
  let blankShot;

  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    demo = await startDemoServer({ port: 0 });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS, timeout: 30000 });
    blankShot = await blankScreenshot(browser);
  });
  after(async () => {
    await browser?.close();
    await demo?.close();
  });

  async function open(path) {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const errors = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(new URL(path, demo.url).href);
    return { page, errors };
  }

  // A page with content compresses worse than an empty one: a rendered page is larger than a blank one.
  async function screenshotOf(page, name) {
    const shot = await page.screenshot({ path: `${SHOTS}/${name}.png` });
    assert.ok(
      shot.length > blankShot.length * 3,
      `${name}.png is ${shot.length} bytes, a blank page ${blankShot.length}`,
    );
  }

  it('runs every corpus case on the front page and the polyfill column passes all of them', async () => {
    const { page, errors } = await open('/');
    await page.waitForFunction(() => window.conformanceResults?.done, null, { timeout: 45000 });
    const rows = await page.evaluate(() => window.conformanceResults.rows);
    assert.equal(rows.length, corpusSize);
    const failing = rows.filter((r) => r.polyfill !== 'pass').map((r) => `${r.set} #${r.index}: ${r.name}`);
    assert.deepEqual(failing, []);
    const native = rows.reduce((m, r) => ({ ...m, [r.native]: (m[r.native] ?? 0) + 1 }), {});
    console.log(`      native EventSource: ${JSON.stringify(native)}`);
    // The table shows the same numbers as the results.
    assert.equal(await page.locator('tbody tr').count(), corpusSize);
    assert.equal(
      await page.locator('td.result.pass').count(),
      rows.filter((r) => r.polyfill === 'pass').length + (native.pass ?? 0),
    );
    await screenshotOf(page, 'conformance');
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('ticks the server clock on both the legacy element and the standard EventSource', async () => {
    const { page, errors } = await open('/clock.html');
    const times = () => page.$$eval('[data-time]', (nodes) => nodes.map((n) => n.textContent));
    await page.waitForFunction(
      () => [...document.querySelectorAll('[data-time]')].every((n) => n.textContent !== '…'),
      null,
      { timeout: 5000 },
    );
    const first = await times();
    await page.waitForFunction(
      (before) => [...document.querySelectorAll('[data-time]')].every((n, i) => n.textContent !== before[i]),
      first,
      { timeout: 5000 },
    );
    await screenshotOf(page, 'clock');
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('resumes the standard clock after the drop button, with ids that continue where they stopped', async () => {
    const { page } = await open('/clock.html');
    await page.evaluate(() => {
      window.seenIds = [];
      window.demo.source.addEventListener('message', (event) => window.seenIds.push(Number(event.lastEventId)));
    });
    await page.waitForFunction(() => window.seenIds.length >= 1, null, { timeout: 5000 });
    await page.locator('#standard button[data-action="drop"]').click();
    await page.waitForFunction(
      () => document.querySelector('#standard [data-field="reconnects"]').textContent === '1',
      null,
      { timeout: 5000 },
    );
    const atDrop = await page.evaluate(() => window.seenIds.length);
    await page.waitForFunction((n) => window.seenIds.length >= n + 2, atDrop, { timeout: 8000 });
    const ids = await page.evaluate(() => window.seenIds);
    assert.deepEqual(
      ids,
      ids.map((_, i) => ids[0] + i),
      `ids skipped or repeated: ${ids}`,
    );
    await page.close();
  });

  it('serves the native EventSource on the clock page when the switch says so', async () => {
    const { page } = await open('/clock.html?impl=native');
    const isNative = await page.evaluate(async () => {
      const { EventSource: Polyfill } = await import('/js/index.js');
      return window.demo.source instanceof window.EventSource && !(window.demo.source instanceof Polyfill);
    });
    assert.equal(isNative, true);
    await page.close();
  });
});
