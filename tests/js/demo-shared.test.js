// The demo's shared-connection page (demo/public/shared.html) in headless Chromium, against the real
// demo server: eight frames with shared: true hold one clock connection, the server's count says so,
// and without shared each frame holds its own.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { startDemoServer } from '../../demo/server.js';
import { CHROMIUM, LAUNCH_ARGS, ROOT, blankScreenshot } from './helpers/chromium.js';

const SHOTS = `${ROOT}build/screenshots`;
const WAIT_MS = 10000;

describe('demo page in Chromium: frames sharing one connection', function () {
  this.timeout(60000);
  let demo;
  let browser;

  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    demo = await startDemoServer({ port: 0 });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS, timeout: 30000 });
  });
  after(async () => {
    await browser?.close();
    await demo?.close();
  });

  /** Waits until every frame shows a tick of the clock newer than `after` (its id). */
  async function everyFrameTicks(page, after = 0) {
    await page.waitForFunction(
      (n) => {
        const frames = [...document.querySelectorAll('#frames iframe')];
        return (
          frames.length > 0 &&
          frames.every(
            (f) =>
              Number(/^#(\d+)/.exec(f.contentDocument?.querySelector('[data-time]')?.textContent ?? '')?.[1] ?? 0) > n,
          )
        );
      },
      after,
      { timeout: WAIT_MS },
    );
  }

  const count = (page) => page.textContent('#connections');

  it('shows one connection for eight shared frames, and one per frame without shared', async () => {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const errors = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(new URL('/shared.html', demo.url).href);
    await everyFrameTicks(page);
    await page.waitForFunction(() => document.getElementById('connections').textContent === '1', null, {
      timeout: WAIT_MS,
    });
    assert.equal(await page.$$eval('#frames iframe', (frames) => frames.length), 8);
    const shot = await page.screenshot({ path: `${SHOTS}/shared.png` });
    assert.ok(shot.length > (await blankScreenshot(browser)).length * 3, 'the page rendered nothing');
    // Four frames of their own: four connections (under the six an origin gets, the page's count being one).
    await page.fill('#controls input[name="frames"]', '4');
    await page.uncheck('#controls input[name="shared"]');
    await page.click('#controls button');
    await everyFrameTicks(page);
    await page.waitForFunction(() => document.getElementById('connections').textContent === '4', null, {
      timeout: WAIT_MS,
    });
    assert.equal(await count(page), '4');
    assert.deepEqual(errors, []);
    await page.close();
  });
});
