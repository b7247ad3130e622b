// The bench's chart as the README shows it: build/bench.svg (written by `npm run bench`) rendered to
// demo/bench.png by headless Chromium, at 1.5 times its size. A PNG, for npm's README page and GitHub alike.
// Usage: npm run bench:chart (after npm run bench).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM, LAUNCH_ARGS, LAUNCH_TIMEOUT_MS, ROOT } from '../js/helpers/chromium.js';

const svg = readFileSync(join(ROOT, 'build/bench.svg'), 'utf8');
const browser = await chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS, timeout: LAUNCH_TIMEOUT_MS });
try {
  const page = await browser.newPage({ deviceScaleFactor: 1.5 });
  await page.setContent(`<!doctype html><body style="margin:0;background:#fff">${svg}</body>`);
  await page
    .locator('svg')
    .first()
    .screenshot({ path: join(ROOT, 'demo/bench.png') });
  console.log('chart-png: demo/bench.png from build/bench.svg');
} finally {
  await browser.close();
}
