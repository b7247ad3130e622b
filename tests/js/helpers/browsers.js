// Firefox and WebKit for the browser tests, behind one small driver: open a URL in a fresh tab, evaluate an expression there, close.
//
// Both come from Debian's packages, which build.sh installs (firefox-esr; webkit2gtk-driver and xvfb):
// - Firefox ESR over WebDriver BiDi, which Firefox has built in, through puppeteer-core (no geckodriver);
// - WebKitGTK's MiniBrowser under WebKitWebDriver on an Xvfb display (MiniBrowser has no headless mode),
//   over classic W3C WebDriver spoken here with fetch. WebDriver gives WebKitGTK no console or error log:
//   the test pages record their own (tests/browser/page-hooks.js).
// A missing browser fails the run (build.sh installs it), and every process started here is stopped by
// close(), which is bounded in time.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

import puppeteer from 'puppeteer-core';

import { freePort } from './free-port.js';
import { withTimeout } from './chromium.js';

export const FIREFOX = '/usr/bin/firefox-esr';
export const WEBKIT_DRIVER = '/usr/bin/WebKitWebDriver';
export const MINIBROWSER = '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';
export const XVFB = '/usr/bin/Xvfb';
export const LAUNCH_TIMEOUT_MS = 30000;
const COMMAND_TIMEOUT_MS = 15000; // one WebDriver command, one BiDi evaluation
const CLOSE_TIMEOUT_MS = 10000;

// Without these Firefox polls firefox.settings.services.mozilla.com ~140 times a run (counted in its logs): remote
// settings, updates, telemetry and Safe Browsing go to a loopback port where nothing listens.
const DEAD = 'http://127.0.0.1:9/';
const FIREFOX_PREFS = {
  'services.settings.server': DEAD,
  'app.update.url': DEAD,
  'app.update.disabledForTesting': true,
  'toolkit.telemetry.server': DEAD,
  'datareporting.policy.dataSubmissionEnabled': false,
  'browser.safebrowsing.provider.mozilla.updateURL': DEAD,
  'browser.safebrowsing.provider.mozilla.gethashURL': DEAD,
  'extensions.update.enabled': false,
  'network.captive-portal-service.enabled': false,
  'network.connectivity-service.enabled': false,
};

/**
 * @typedef {object} Tab
 * @property {(expression: string) => Promise<any>} evaluate the JSON value of `expression` in the page
 *   (a promise is awaited), bounded in time
 * @property {() => Promise<void>} close
 *
 * @typedef {object} Engine
 * @property {string} name 'firefox' or 'webkit'
 * @property {string} version
 * @property {(url: string) => Promise<Tab>} open loads `url` in a fresh browsing context (no shared cookies)
 * @property {() => Promise<void>} close stops the browser and whatever was started for it
 */

/** Starts headless Firefox ESR. @returns {Promise<Engine>} */
export async function launchFirefox() {
  assert.ok(
    existsSync(FIREFOX),
    `${FIREFOX} is missing: run bash build.sh --test, which installs Debian's firefox-esr`,
  );
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: true,
    extraPrefsFirefox: FIREFOX_PREFS,
    timeout: LAUNCH_TIMEOUT_MS,
    protocolTimeout: COMMAND_TIMEOUT_MS * 2,
  });
  const version = (await browser.version()).replace(/^firefox\//, 'Firefox ');
  return {
    name: 'firefox',
    version,
    async open(url) {
      const context = await browser.createBrowserContext();
      try {
        const page = await context.newPage();
        await page.goto(url, { timeout: COMMAND_TIMEOUT_MS });
        return {
          evaluate: (expression) =>
            withTimeout(page.evaluate(`(${expression})`), COMMAND_TIMEOUT_MS, 'evaluating in Firefox'),
          close: () => withTimeout(context.close(), CLOSE_TIMEOUT_MS, 'closing a Firefox context').catch(() => {}),
        };
      } catch (error) {
        await withTimeout(context.close(), CLOSE_TIMEOUT_MS, 'closing a Firefox context').catch(() => {});
        throw error;
      }
    },
    close: async () => {
      const child = browser.process();
      await withTimeout(browser.close(), CLOSE_TIMEOUT_MS, 'closing Firefox').catch((error) => {
        console.log(`      ${error.message}`);
        child?.kill('SIGKILL');
      });
    },
  };
}

/** Starts Xvfb and WebKitWebDriver; each open() is a new WebDriver session (a new MiniBrowser). @returns {Promise<Engine>} */
export async function launchWebKit() {
  for (const file of [WEBKIT_DRIVER, MINIBROWSER, XVFB]) {
    assert.ok(
      existsSync(file),
      `${file} is missing: run bash build.sh --test, which installs Debian's webkit2gtk-driver and xvfb`,
    );
  }
  const started = [];
  try {
    const xvfb = await startXvfb();
    started.push(xvfb);
    const driver = await startWebKitDriver(xvfb.display);
    started.push(driver);
    const sessions = new Set();
    const probe = await newSession(driver.base);
    await deleteSession(driver.base, probe.id);
    return {
      name: 'webkit',
      version: `WebKitGTK ${probe.version}`,
      async open(url) {
        const session = await newSession(driver.base);
        sessions.add(session.id);
        const close = async () => {
          sessions.delete(session.id);
          await deleteSession(driver.base, session.id);
        };
        try {
          await command(driver.base, 'POST', `/session/${session.id}/url`, { url });
        } catch (error) {
          await close();
          throw error;
        }
        return {
          evaluate: (expression) =>
            command(driver.base, 'POST', `/session/${session.id}/execute/sync`, {
              script: `return (${expression});`,
              args: [],
            }),
          close,
        };
      },
      async close() {
        await Promise.all([...sessions].map((id) => deleteSession(driver.base, id)));
        for (const process of started.reverse()) await process.stop();
      },
    };
  } catch (error) {
    for (const process of started.reverse()) await process.stop();
    throw error;
  }
}

/** Xvfb on the first free display, which it writes to fd 3 when ready. */
async function startXvfb() {
  const child = spawn(XVFB, ['-displayfd', '3', '-nolisten', 'tcp', '-screen', '0', '1280x1024x24'], {
    stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const stop = stopper(child, 'Xvfb');
  try {
    const display = await withTimeout(
      new Promise((resolve, reject) => {
        let text = '';
        child.stdio[3].on('data', (data) => {
          text += data;
          if (text.includes('\n')) resolve(text.trim());
        });
        child.once('exit', (code) => reject(new Error(`Xvfb exited (${code}) before it had a display`)));
        child.once('error', reject);
      }),
      LAUNCH_TIMEOUT_MS,
      'starting Xvfb',
    );
    return { display: `:${display}`, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** WebKitWebDriver on a free loopback port, ready when it answers /status. */
async function startWebKitDriver(display) {
  const port = await freePort();
  const child = spawn(WEBKIT_DRIVER, [`--port=${port}`, '--host=127.0.0.1'], {
    env: { ...process.env, DISPLAY: display },
    stdio: 'ignore',
    detached: true,
  });
  const stop = stopper(child, 'WebKitWebDriver');
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + LAUNCH_TIMEOUT_MS;
  for (;;) {
    try {
      await command(base, 'GET', '/status');
      return { base, stop };
    } catch (error) {
      if (Date.now() > deadline || child.exitCode !== null) {
        await stop();
        throw new Error(`WebKitWebDriver did not answer on ${base}: ${error.message}`, { cause: error });
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/**
 * Stops a process started detached, with whatever it started (its process group: WebKitWebDriver's
 * MiniBrowser and WebKit's own processes): SIGTERM, then SIGKILL if it is still there after 3 s.
 */
function stopper(child, what) {
  return async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    const signal = (name) => {
      try {
        process.kill(-child.pid, name);
      } catch {
        // already gone
      }
    };
    signal('SIGTERM');
    await withTimeout(exited, 3000, `stopping ${what}`).catch(() => signal('SIGKILL'));
  };
}

async function newSession(base) {
  const capabilities = { alwaysMatch: { 'webkitgtk:browserOptions': { binary: MINIBROWSER, args: ['--automation'] } } };
  const value = await command(base, 'POST', '/session', { capabilities }, LAUNCH_TIMEOUT_MS);
  return { id: value.sessionId, version: value.capabilities.browserVersion };
}

async function deleteSession(base, id) {
  await command(base, 'DELETE', `/session/${id}`, undefined, CLOSE_TIMEOUT_MS).catch((error) =>
    console.log(`      closing a WebKit session: ${error.message}`),
  );
}

/** One classic WebDriver command: its `value`, or an error with WebDriver's. */
async function command(base, method, path, body, timeoutMs = COMMAND_TIMEOUT_MS) {
  const response = await fetch(base + path, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const { value } = await response.json();
  if (!response.ok) throw new Error(`WebDriver ${method} ${path}: ${value?.error}: ${value?.message}`);
  return value;
}
