// Launching Debian's Chromium through playwright-core and serving the repository to it: shared by the browser test files.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';

import { startServer } from '../../server/sse-test-server.js';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const CHROMIUM = '/usr/bin/chromium';
// Without the background-networking flags Chromium tries outside hosts and stalls.
export const LAUNCH_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
/** What the test server serves besides its routes: the sources, the builds, the test pages and Mocha. */
export const STATIC_DIRS = {
  '/js/': `${ROOT}js`,
  '/dist/': `${ROOT}dist`,
  '/tests/behaviour/': `${ROOT}tests/behaviour`,
  '/tests/browser/': `${ROOT}tests/browser`,
  '/node_modules/mocha/': `${ROOT}node_modules/mocha`,
};
export const LAUNCH_TIMEOUT_MS = 30000;

/**
 * Starts the test server (serving STATIC_DIRS) and Chromium. A missing browser fails the run, not skips it:
 * npm test installs it (build.sh).
 * @param {{crossOrigin?: boolean, backForwardCache?: boolean}} [options] crossOrigin is passed to
 *   startServer; backForwardCache keeps Chromium's back/forward cache on (playwright-core turns it off)
 * @returns {Promise<{server: object, browser: import('playwright-core').Browser}>}
 */
export async function launchWithServer({ crossOrigin = false, backForwardCache = false } = {}) {
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: run bash build.sh --test, which installs Debian's chromium`);
  const server = await startServer({ crossOrigin, staticDirs: STATIC_DIRS });
  try {
    const ignoreDefaultArgs = backForwardCache ? ['--disable-back-forward-cache'] : [];
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: LAUNCH_ARGS,
      ignoreDefaultArgs,
      timeout: LAUNCH_TIMEOUT_MS,
    });
    return { server, browser };
  } catch (error) {
    await server.close();
    throw error;
  }
}

/** Closes what launchWithServer started; either may be undefined. Closing Chromium is bounded. */
export async function closeAll({ server, browser } = {}) {
  await withTimeout(browser?.close(), 10000, 'closing Chromium').catch((error) =>
    console.log(`      ${error.message}`),
  );
  await server?.close();
}

/** Rejects after `ms` with a message naming `what`; the timer never outlives the promise. */
export function withTimeout(promise, ms, what) {
  if (promise === undefined) return Promise.resolve();
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * A screenshot of an empty page, the baseline a rendered page's screenshot must exceed. The page is
 * given content first: Chromium can refuse to capture a fresh about:blank that never painted.
 */
export async function blankScreenshot(browserOrContext, viewport = { width: 1200, height: 900 }) {
  const page = await browserOrContext.newPage({ viewport });
  try {
    await page.setContent('<!doctype html><title>blank</title><body></body>');
    return await page.screenshot();
  } finally {
    await page.close();
  }
}
