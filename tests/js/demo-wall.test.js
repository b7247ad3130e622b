// The demo's social wall (demo/wall.js, demo/public/wall.html) in Chromium: plain messages and typed
// events each in their own colour, posting a status (shown as text, never HTML), resuming after the
// drop button without lost or repeated items, the server's limits, and a screenshot.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { startDemoServer } from '../../demo/server.js';
import { CHROMIUM, LAUNCH_ARGS, LAUNCH_TIMEOUT_MS, ROOT, blankScreenshot, withTimeout } from './helpers/chromium.js';
import { postAs } from './helpers/post-as.js';

const WAIT_MS = 15000; // every wait in the page is bounded by this
const IMPLEMENTATIONS = ['polyfill', 'native'];

describe('demo: social wall', function () {
  this.timeout(30000); // several bounded waits per test; npm test's default is 10 s
  let demo;
  let browser;
  let context;
  let pageErrors;

  before(async function () {
    this.timeout(LAUNCH_TIMEOUT_MS + 5000);
    assert.ok(
      existsSync(CHROMIUM),
      `${CHROMIUM} is missing: run bash build.sh --test, which installs Debian's chromium`,
    );
    demo = await startDemoServer({ port: 0 });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS, timeout: LAUNCH_TIMEOUT_MS });
  });
  after(async () => {
    await withTimeout(browser?.close(), 10000, 'closing Chromium').catch((error) =>
      console.log(`      ${error.message}`),
    );
    await demo?.close();
  });
  beforeEach(async () => {
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    pageErrors = [];
  });
  afterEach(async () => {
    await withTimeout(context?.close(), 10000, 'closing the browser context').catch((error) =>
      console.log(`      ${error.message}`),
    );
    context = undefined;
  });

  const url = (path) => new URL(path, demo.url).href;

  /** Opens the wall with `impl` and waits for its first items. */
  async function openWall(impl = 'polyfill', minItems = 1) {
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(url(`wall.html?impl=${impl}`));
    await waitForItems(page, minItems);
    const usesNative = await page.evaluate(() => window.wall.source instanceof window.EventSource);
    assert.equal(usesNative, impl === 'native', `the page should use the ${impl} EventSource`);
    return page;
  }

  const waitForItems = (page, count) =>
    page.waitForFunction((n) => document.querySelectorAll('#wall li[data-id]').length >= n, count, {
      timeout: WAIT_MS,
      polling: 100,
    });

  /** The wall as shown: [{ id, type }] newest first. */
  const shownItems = (page) =>
    page.$$eval('#wall li[data-id]', (items) =>
      items.map((li) => ({ id: Number(li.dataset.id), type: li.dataset.type })),
    );

  const history = async () => (await (await fetch(url('wall/history'))).json()).events;

  let posts = 0;
  /** POSTs a status as `client` (by default a new one each time); resolves to { status, text, json }. */
  async function postStatus(body, client = `test-${++posts}`) {
    const { status, text } = await postAs(
      client,
      url('wall/status'),
      typeof body === 'string' ? body : JSON.stringify(body),
    );
    let json = null;
    try {
      json = JSON.parse(text);
    } catch {
      /* 413 answers in plain text */
    }
    return { status, text, json };
  }

  /** Every shown id once, ids contiguous, and each with the type the server sent it as. */
  async function assertMatchesServer(page) {
    const items = await shownItems(page);
    const ids = items.map((item) => item.id);
    assert.equal(new Set(ids).size, ids.length, `repeated ids on the wall: ${ids}`);
    const sorted = [...ids].sort((a, b) => a - b);
    assert.deepEqual(ids, [...sorted].reverse(), 'the wall is not newest first');
    for (let i = 1; i < sorted.length; i++)
      assert.equal(sorted[i], sorted[i - 1] + 1, `id ${sorted[i - 1] + 1} is missing: ${sorted}`);
    const sent = new Map((await history()).map((event) => [event.id, event.type]));
    const compared = items.filter((item) => sent.has(item.id));
    assert.ok(compared.length >= items.length / 2, 'most shown items should still be in the server history');
    for (const item of compared) assert.equal(item.type, sent.get(item.id), `event ${item.id} shown as ${item.type}`);
    assert.equal(await page.getAttribute('#continuity', 'data-ok'), 'true', await page.textContent('#continuity'));
    return items;
  }

  for (const impl of IMPLEMENTATIONS) {
    it(`shows plain messages and typed events, each type in its own colour (${impl})`, async () => {
      const page = await openWall(impl);
      await page.waitForFunction(
        () => {
          const types = new Set([...document.querySelectorAll('#wall li')].map((li) => li.dataset.type));
          return types.has('message') && types.size >= 3;
        },
        null,
        { timeout: WAIT_MS, polling: 100 },
      );
      const styles = await page.evaluate(() => {
        const byType = {};
        for (const li of document.querySelectorAll('#wall li[data-type]')) {
          if (byType[li.dataset.type]) continue;
          const swatch = document.querySelector(`#legend li[data-type="${li.dataset.type}"] .swatch`);
          byType[li.dataset.type] = {
            edge: getComputedStyle(li).borderLeftColor,
            badge: getComputedStyle(li.querySelector('.badge')).backgroundColor,
            legend: getComputedStyle(swatch).backgroundColor,
          };
        }
        return byType;
      });
      const types = Object.keys(styles);
      assert.ok(types.includes('message') && types.length >= 3, `types shown: ${types}`);
      const edges = types.map((type) => styles[type].edge);
      assert.equal(
        new Set(edges).size,
        types.length,
        `each type should have its own colour: ${JSON.stringify(styles)}`,
      );
      for (const type of types) {
        assert.equal(styles[type].badge, styles[type].edge, `${type}: badge and edge differ`);
        assert.equal(styles[type].legend, styles[type].edge, `${type}: legend and item differ`);
      }
      // Typed events reached their own listeners only, and statuses onmessage only: one item per event,
      // each with the type the server sent.
      await assertMatchesServer(page);
      const counts = await page.$$eval('#legend output', (outputs) => outputs.map((o) => Number(o.textContent)));
      assert.equal(
        counts.reduce((a, b) => a + b, 0),
        (await shownItems(page)).length,
        'legend counts',
      );
      assert.deepEqual(pageErrors, []);
    });
  }

  it('shows a posted status, and one containing HTML as literal text', async () => {
    const page = await openWall();
    const user = await page.inputValue('#user');
    for (const text of ['hello, wall', '<img src=x onerror="window.pwned=1"><b>bold</b> & <i>more</i>']) {
      await page.fill('#text', text);
      const before = await page.textContent('#post-result');
      await page.click('#post-form button[type="submit"]');
      await page.waitForFunction(
        (previous) => {
          const result = document.querySelector('#post-result').textContent;
          return result !== previous && /posted as #\d+/.test(result);
        },
        before,
        { timeout: WAIT_MS },
      );
      const id = (await page.textContent('#post-result')).match(/#(\d+)/)[1];
      const item = page.locator(`#wall li[data-id="${id}"]`);
      await item.waitFor({ timeout: WAIT_MS });
      assert.equal(await item.getAttribute('data-type'), 'message');
      assert.equal(await item.locator('.what').textContent(), `${user}: ${text}`);
      assert.equal(await item.locator('img, b, i, script').count(), 0, 'user text must not become markup');
      assert.match(await item.getAttribute('class'), /\bmine\b/);
      assert.equal(await page.inputValue('#text'), '', 'the form is cleared after posting');
    }
    assert.equal(await page.evaluate(() => window.pwned), undefined);
    // The server's refusal is shown in the form.
    await page.fill('#text', '   ');
    await page.click('#post-form button[type="submit"]');
    await page.waitForFunction(() => document.querySelector('#post-result').className === 'error', null, {
      timeout: WAIT_MS,
    });
    assert.match(await page.textContent('#post-result'), /400: text is empty/);
    assert.deepEqual(pageErrors, []);
  });

  for (const impl of IMPLEMENTATIONS) {
    it(`resumes after the drop button without lost or repeated items (${impl})`, async () => {
      // Another reader keeps the generator running while the page is disconnected.
      const keepAlive = new AbortController();
      const other = await fetch(url('wall/stream?client=keep-alive'), { signal: keepAlive.signal });
      other.body.pipeTo(new WritableStream()).catch(() => {});
      try {
        const page = await openWall(impl, 3);
        await page.click('button[data-action="drop"]');
        await page.waitForFunction(
          () => document.querySelector('[data-field="state"]').textContent === 'CONNECTING',
          null,
          { timeout: WAIT_MS, polling: 20 },
        );
        // Posted while the page is away (the server asks for 1 s before reconnecting): only a replay brings it.
        const posted = await postStatus({ user: 'tester', text: `while ${impl} was away` });
        assert.equal(posted.status, 201, posted.text);
        await page.waitForFunction(
          (id) => {
            const state = document.querySelector('[data-field="state"]').textContent;
            const newest = Number(document.querySelector('#wall li[data-id]')?.dataset.id);
            return state === 'OPEN' && newest > id;
          },
          posted.json.id,
          { timeout: WAIT_MS, polling: 50 },
        );
        assert.equal(await page.textContent('[data-field="reconnects"]'), '1');
        assert.match(await page.textContent('[data-field="note"]'), /dropped 1 stream/);
        assert.equal(await page.locator(`#wall li[data-id="${posted.json.id}"]`).count(), 1);
        await assertMatchesServer(page);
        // Events keep arriving: compare the panel with the newest item in one look at the page.
        await page.waitForFunction(
          () =>
            document.querySelector('[data-field="lastId"]').textContent ===
            document.querySelector('#wall li[data-id]')?.dataset.id,
          null,
          { timeout: WAIT_MS, polling: 50 },
        );
        assert.deepEqual(pageErrors, []);
      } finally {
        keepAlive.abort();
      }
    });
  }

  it('refuses what is over the limits with clear errors', async () => {
    const tooLong = await postStatus({ user: 'tester', text: 'x'.repeat(281) });
    assert.equal(tooLong.status, 400);
    assert.match(tooLong.json.error, /longer than 280/);
    const justRight = await postStatus({ user: 'tester', text: '€'.repeat(280) }); // characters, not bytes
    assert.equal(justRight.status, 201, justRight.text);
    const empty = await postStatus({ user: 'tester', text: ' \n ' });
    assert.equal(empty.status, 400);
    assert.match(empty.json.error, /text is empty/);
    const longName = await postStatus({ user: 'n'.repeat(25), text: 'hi' });
    assert.equal(longName.status, 400);
    assert.match(longName.json.error, /user is longer than 24/);
    const noName = await postStatus({ user: '', text: 'hi' });
    assert.equal(noName.status, 400);
    assert.match(noName.json.error, /user is empty/);
    const notJson = await postStatus('{"user":');
    assert.equal(notJson.status, 400);
    assert.match(notJson.json.error, /not JSON/);
    const wrongTypes = await postStatus({ user: 'tester', text: 42 });
    assert.equal(wrongTypes.status, 400);
    const big = await postStatus(JSON.stringify({ user: 'tester', text: 'x'.repeat(3000) }));
    assert.equal(big.status, 413);
    assert.match(big.text, /over 2048 bytes/);
    // One client: a burst, then 429; another client is not affected.
    const answers = [];
    for (let i = 0; i < 8; i++) answers.push(await postStatus({ user: 'flood', text: `post ${i}` }, 'flooder'));
    assert.ok(
      answers.slice(0, 5).every((answer) => answer.status === 201),
      answers.map((a) => a.status).join(),
    );
    const refused = answers.filter((answer) => answer.status === 429);
    assert.ok(refused.length >= 2, answers.map((a) => a.status).join());
    assert.match(refused[0].json.error, /too many posts/);
    assert.equal((await postStatus({ user: 'calm', text: 'hello' }, 'calm-client')).status, 201);
  });

  it('replays exactly the events after Last-Event-ID', async () => {
    for (let i = 0; i < 4; i++) assert.equal((await postStatus({ user: 'tester', text: `replay ${i}` })).status, 201);
    const events = await history();
    assert.ok(events.length <= 100, `the history is bounded: ${events.length}`);
    const after = events[events.length - 4].id;
    const expected = events.filter((event) => event.id > after).map((event) => event.id);
    const received = await readIds({ 'Last-Event-ID': String(after) }, expected.length);
    assert.deepEqual(received.slice(0, expected.length), expected);
    // Without a Last-Event-ID (or with one this server never sent): the latest events, in order.
    const fresh = await readIds({ 'Last-Event-ID': 'not-a-number' }, 5);
    for (let i = 1; i < fresh.length; i++) assert.equal(fresh[i], fresh[i - 1] + 1);
  });

  /** Reads the wall stream with `headers` until `count` ids arrived (bounded); returns the ids. */
  async function readIds(headers, count) {
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), WAIT_MS);
    try {
      const response = await fetch(url('wall/stream?client=reader'), { headers, signal: abort.signal });
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('content-type'), 'text/event-stream');
      const decoder = new TextDecoder();
      let text = '';
      for await (const chunk of response.body) {
        text += decoder.decode(chunk, { stream: true });
        if ((text.match(/^id: /gm) ?? []).length >= count) break;
      }
      assert.match(text, /^retry: \d+\n\n/);
      return [...text.matchAll(/^id: (\d+)$/gm)].map((match) => Number(match[1]));
    } finally {
      clearTimeout(timer);
      abort.abort();
    }
  }

  it('takes a screenshot of the wall (build/screenshots/wall.png)', async () => {
    const page = await openWall('polyfill', 12);
    await page.fill('#text', 'A status from the screenshot test <b>not bold</b>');
    await page.click('#post-form button[type="submit"]');
    await page.waitForFunction(() => /posted as/.test(document.querySelector('#post-result').textContent), null, {
      timeout: WAIT_MS,
    });
    // Some generated activity above the posted status, so the picture shows the colours.
    await page.waitForFunction(
      () => {
        const posted = Number(document.querySelector('#post-result').textContent.match(/#(\d+)/)[1]);
        return Number(document.querySelector('#wall li[data-id]').dataset.id) >= posted + 6;
      },
      null,
      { timeout: WAIT_MS, polling: 100 },
    );
    const shot = await page.screenshot();
    const blankShot = await blankScreenshot(context, page.viewportSize());
    mkdirSync(`${ROOT}build/screenshots`, { recursive: true });
    writeFileSync(`${ROOT}build/screenshots/wall.png`, shot);
    assert.ok(shot.length > 4 * blankShot.length, `wall ${shot.length} bytes, blank page ${blankShot.length} bytes`);
    assert.deepEqual(pageErrors, []);
  });
});
