// The demo's chat room (demo/chat.js, demo/public/chat*.html) in Chromium: people chatting across
// browser contexts on the standard page (polyfill and native EventSource) and the legacy
// <event-source> page, join and leave notices, text shown as text, resuming after a dropped
// connection without losing or repeating a message, the limits, and screenshots of both pages.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { MAX_BODY_BYTES, MAX_TEXT_CHARS } from '../../demo/chat.js';
import { startDemoServer } from '../../demo/server.js';
import { CHROMIUM, LAUNCH_ARGS, LAUNCH_TIMEOUT_MS, ROOT, blankScreenshot, withTimeout } from './helpers/chromium.js';
import { postAs } from './helpers/post-as.js';

const WAIT_MS = 10000; // any one thing a page should do
// The room announces a leave this long after a nick's last stream closed (demo/chat.js's 8 s, shortened
// here): longer than the standard page's 1 s retry after a drop, so the drop tests see no leave.
const LEAVE_GRACE_MS = 3000;
const LEGACY_REOPEN_MS = 5000; // the 2006 element reopens a closed stream after 5 s: the test moves the page's clock on
const HTML = '<img src=x onerror=alert(1)><b>bold</b>';

describe('demo chat room in Chromium', function () {
  this.timeout(30000); // several bounded waits per test; npm test's default is 10 s
  let demo;
  let browser;
  const contexts = [];
  const pageErrors = [];
  const dialogs = [];
  let alice; // standard page, polyfill
  let bob; // standard page, polyfill
  let carol; // legacy page

  before(async function () {
    this.timeout(LAUNCH_TIMEOUT_MS + 3 * WAIT_MS);
    assert.ok(
      existsSync(CHROMIUM),
      `${CHROMIUM} is missing: run bash build.sh --test, which installs Debian's chromium`,
    );
    demo = await startDemoServer({ port: 0, leaveGraceMs: LEAVE_GRACE_MS });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS, timeout: LAUNCH_TIMEOUT_MS });
    alice = await openChat('chat.html', 'alice');
    bob = await openChat('chat.html', 'bob');
    carol = await openChat('chat-legacy.html', 'carol');
  });

  after(async function () {
    for (const context of contexts) await withTimeout(context.close(), 5000, 'closing a context').catch(() => {});
    await withTimeout(browser?.close(), 10000, 'closing Chromium').catch((error) =>
      console.log(`      ${error.message}`),
    );
    await demo?.close();
  });

  /** A new browser context (a new person) on `path`, joined as `nick`; resolves once its own join shows. */
  async function openChat(path, nick) {
    const context = await browser.newContext({ viewport: { width: 1000, height: 900 } });
    contexts.push(context);
    const page = await context.newPage();
    // The legacy page on Playwright's clock: its timers and Date run in real time until the drop test
    // moves them on past the element's 5 s reopen, which is then not waited for.
    if (path === 'chat-legacy.html') await page.clock.install();
    page.setDefaultTimeout(WAIT_MS);
    page.on('pageerror', (error) => pageErrors.push(`${path} ${nick}: ${error.message}`));
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      dialog.dismiss().catch(() => {});
    });
    await page.goto(new URL(path, demo.url).href);
    assert.equal(await page.isVisible('#say'), false, 'no message form before joining');
    assert.match(await page.textContent('#connection'), /not connected yet/, "the connection's state before joining");
    await page.fill('#join input[name="nick"]', nick);
    await page.click('#join button');
    await waitForLine(page, 'join', nick);
    assert.equal(await page.isVisible('#join'), false, 'no nickname form after joining');
    assert.doesNotMatch(await page.textContent('#connection'), /not connected yet/);
    assert.equal(await page.isVisible('#say'), true);
    return page;
  }

  /** Resolves when `page`'s log has a line of `type` by `nick` (with `text`, for a message). */
  function waitForLine(page, type, nick, text, timeout = WAIT_MS) {
    return page.waitForFunction(
      ([type, nick, text]) =>
        [...document.querySelectorAll(`#log li.${type}`)].some(
          (line) =>
            line.querySelector('.nick').textContent === nick &&
            (text === null || line.querySelector('.text').textContent === text),
        ),
      [type, nick, text ?? null],
      { timeout },
    );
  }

  /** How many message lines of `page` have exactly `text`. */
  const countMessages = (page, text) =>
    page.$$eval(
      '#log li.message .text',
      (nodes, text) => nodes.filter((node) => node.textContent === text).length,
      text,
    );

  /** The ids of `page`'s log lines, in order. */
  const logIds = (page) => page.$$eval('#log li', (lines) => lines.map((line) => Number(line.dataset.id)));

  const panelField = (page, name) => page.textContent(`.panel [data-field="${name}"]`);

  /** Types and sends `text` from `page`, and waits until the page shows it. */
  async function say(page, nick, text) {
    await page.fill('#say input[name="text"]', text);
    await page.click('#say button');
    await waitForLine(page, 'message', nick, text);
  }

  /** Posts as a script would (no page), from `client`'s own address: resolves to { status, body }. */
  async function post(body, client = 'test-script') {
    const { status, text } = await postAs(
      client,
      new URL('chat/messages', demo.url),
      typeof body === 'string' ? body : JSON.stringify(body),
    );
    return { status, body: text };
  }

  /** Asserts that every id in `page`'s log appears once and in increasing order. */
  async function assertLogInOrderOnce(page) {
    const ids = await logIds(page);
    assert.ok(ids.length > 0);
    ids.forEach((id, i) => assert.ok(i === 0 || id > ids[i - 1], `log ids out of order or repeated: ${ids.join(',')}`));
  }

  it('two standard pages chat with each other, and see each other join', async function () {
    await waitForLine(alice, 'join', 'bob');
    await say(alice, 'alice', 'hello bob');
    await waitForLine(bob, 'message', 'alice', 'hello bob');
    await say(bob, 'bob', 'hi alice');
    await waitForLine(alice, 'message', 'bob', 'hi alice');
    await waitForLine(carol, 'message', 'alice', 'hello bob');
    assert.equal(await alice.textContent('#error'), '');
  });

  it('the legacy page shares the room with the standard pages, both ways', async function () {
    await waitForLine(alice, 'join', 'carol');
    await say(carol, 'carol', 'hello from 2006');
    await waitForLine(alice, 'message', 'carol', 'hello from 2006');
    await waitForLine(bob, 'message', 'carol', 'hello from 2006');
    await say(alice, 'alice', 'welcome, carol');
    await waitForLine(carol, 'message', 'alice', 'welcome, carol');
    await assertLogInOrderOnce(carol);
    // The legacy element has no ids: its panel counts the server's `connected` events instead.
    assert.equal(await panelField(carol, 'state'), 'OPEN');
    assert.equal(await carol.$('.panel .impl:not([hidden])'), null, 'the legacy page has no native/polyfill switch');
  });

  it('announces a leave when a page closes', async function () {
    this.timeout(LEAVE_GRACE_MS + 3 * WAIT_MS);
    const erin = await openChat('chat-legacy.html', 'erin');
    await waitForLine(alice, 'join', 'erin');
    await waitForLine(carol, 'join', 'erin');
    await erin.context().close();
    await waitForLine(alice, 'leave', 'erin', undefined, LEAVE_GRACE_MS + WAIT_MS);
    await waitForLine(carol, 'leave', 'erin', undefined, WAIT_MS);
  });

  it('shows a message containing HTML as its literal text', async function () {
    await say(alice, 'alice', HTML);
    for (const page of [bob, carol]) {
      await waitForLine(page, 'message', 'alice', HTML);
      assert.equal(await page.$$eval('#log img, #log b, #log .text *', (nodes) => nodes.length), 0);
    }
    assert.deepEqual(dialogs, []);
  });

  it('resumes after the drop button with every message exactly once (standard page, Last-Event-ID)', async function () {
    const before = Number(await panelField(alice, 'reconnects'));
    await alice.click('.panel [data-action="drop"]');
    await alice.waitForFunction(() =>
      document.querySelector('.panel [data-field="note"]').textContent.startsWith('dropped 1'),
    );
    // Alice's stream is gone and she reconnects after `retry: 1000`: these are sent while she is away.
    const missed = ['while away 1', 'while away 2', 'while away 3'];
    for (const text of missed) assert.equal((await post({ nick: 'dave', text })).status, 201);
    await alice.waitForFunction(
      (n) => document.querySelector('.panel [data-field="reconnects"]').textContent === String(n),
      before + 1,
    );
    await say(bob, 'bob', 'after the reconnect');
    for (const text of [...missed, 'after the reconnect']) {
      await waitForLine(alice, 'message', text === 'after the reconnect' ? 'bob' : 'dave', text);
      assert.equal(await countMessages(alice, text), 1, text);
    }
    await assertLogInOrderOnce(alice);
    assert.equal(await panelField(alice, 'state'), 'OPEN');
    const ids = await logIds(alice);
    assert.equal(await panelField(alice, 'lastId'), String(ids.at(-1)));
  });

  it('resumes after the drop button with every message exactly once (legacy page, replay and de-duplication)', async function () {
    const before = Number(await panelField(carol, 'reconnects'));
    await carol.click('.panel [data-action="drop"]');
    await carol.waitForFunction(() =>
      document.querySelector('.panel [data-field="note"]').textContent.startsWith('dropped 1'),
    );
    const missed = ['legacy away 1', 'legacy away 2'];
    for (const text of missed) assert.equal((await post({ nick: 'dave', text })).status, 201);
    await carol.clock.fastForward(LEGACY_REOPEN_MS);
    await carol.waitForFunction(
      (n) => document.querySelector('.panel [data-field="reconnects"]').textContent === String(n),
      before + 1,
    );
    for (const text of missed) {
      await waitForLine(carol, 'message', 'dave', text);
      assert.equal(await countMessages(carol, text), 1, text);
    }
    assert.equal(await countMessages(carol, 'hello from 2006'), 1, 'the replayed history is not shown twice');
    await assertLogInOrderOnce(carol);
  });

  it('the standard page works with ?impl=native, and resumes after a drop', async function () {
    const context = await browser.newContext();
    contexts.push(context);
    const frank = await context.newPage();
    frank.setDefaultTimeout(WAIT_MS);
    frank.on('pageerror', (error) => pageErrors.push(`native frank: ${error.message}`));
    await frank.goto(new URL('chat.html?impl=native&nick=frank', demo.url).href); // the nickname in the address joins
    await waitForLine(frank, 'join', 'frank');
    await waitForLine(frank, 'message', 'alice', 'hello bob'); // a page that joins later starts with the history
    assert.equal(await frank.getAttribute('.panel .impl a[data-impl="native"]', 'aria-current'), 'true');
    assert.equal(
      await frank.evaluate(() => window.chat.connection.constructor === window.EventSource),
      true,
      "the browser's own EventSource",
    );
    await say(frank, 'frank', 'native here');
    await waitForLine(alice, 'message', 'frank', 'native here');
    await waitForLine(carol, 'message', 'frank', 'native here');
    await say(bob, 'bob', 'hello native');
    await waitForLine(frank, 'message', 'bob', 'hello native');

    await frank.click('.panel [data-action="drop"]');
    await frank.waitForFunction(() =>
      document.querySelector('.panel [data-field="note"]').textContent.startsWith('dropped 1'),
    );
    assert.equal((await post({ nick: 'dave', text: 'native away' })).status, 201);
    await frank.waitForFunction(() => document.querySelector('.panel [data-field="reconnects"]').textContent === '1');
    await waitForLine(frank, 'message', 'dave', 'native away');
    assert.equal(await countMessages(frank, 'native away'), 1);
    await assertLogInOrderOnce(frank);
  });

  it('takes a screenshot of each chat page', async function () {
    mkdirSync(`${ROOT}build/screenshots`, { recursive: true });
    const blank = await blankScreenshot(alice.context(), alice.viewportSize());
    for (const [name, page] of [
      ['chat', alice],
      ['chat-legacy', carol],
    ]) {
      const png = await page.screenshot();
      writeFileSync(`${ROOT}build/screenshots/${name}.png`, png);
      assert.ok(
        png.length > 10 * 1024 && png.length > 5 * blank.length,
        `${name}.png is ${png.length} bytes, a blank page ${blank.length}`,
      );
    }
  });

  it("shows the server's reason in the page when a message is refused", async function () {
    await bob.fill('#say input[name="text"]', '   ');
    await bob.click('#say button');
    await bob.waitForFunction(() => document.getElementById('error').textContent !== '');
    assert.equal(await bob.textContent('#error'), 'Not sent: the message is empty (HTTP 400)');
    await say(bob, 'bob', 'ok again');
    assert.equal(await bob.textContent('#error'), '');
  });

  it('refuses oversized, empty and malformed messages and bad nicknames over HTTP', async function () {
    const long = 'x'.repeat(MAX_TEXT_CHARS + 1);
    assert.deepEqual(await post({ nick: 'dave', text: long }, 'limits'), {
      status: 413,
      body: JSON.stringify({ error: `the message is ${MAX_TEXT_CHARS + 1} characters; at most ${MAX_TEXT_CHARS}` }),
    });
    // Exactly the limit, in characters that take 4 bytes each, is accepted.
    assert.equal((await post({ nick: 'dave', text: '😀'.repeat(MAX_TEXT_CHARS) }, 'limits')).status, 201);
    const huge = await post({ nick: 'dave', text: 'x'.repeat(MAX_BODY_BYTES) }, 'limits-2');
    assert.equal(huge.status, 413);
    assert.match(huge.body, /request body over 4096 bytes/);
    assert.deepEqual(await post({ nick: 'dave', text: ' \n ' }, 'limits-2'), {
      status: 400,
      body: '{"error":"the message is empty"}',
    });
    assert.equal((await post('not json', 'limits-2')).status, 400);
    assert.match((await post({ nick: 'n'.repeat(25), text: 'hi' }, 'limits-3')).body, /longer than 24 characters/);
    assert.match((await post({ nick: ' ', text: 'hi' }, 'limits-3')).body, /pick a nickname/);
    const stream = await fetch(new URL(`chat/stream?nick=${'n'.repeat(25)}`, demo.url));
    assert.equal(stream.status, 400);
    assert.match(await stream.text(), /longer than 24 characters/);
  });

  it('refuses a burst over the rate limit with 429 and a reason', async function () {
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push(await post({ nick: 'dave', text: `burst ${i}` }, 'burst'));
    assert.deepEqual(
      statuses.slice(0, 5).map((answer) => answer.status),
      [201, 201, 201, 201, 201],
    );
    assert.equal(statuses[5].status, 429);
    assert.match(JSON.parse(statuses[5].body).error, /too many messages/);
    // Another client is not affected.
    assert.equal((await post({ nick: 'dave', text: 'someone else' }, 'not-burst')).status, 201);
  });

  it('replays exactly the events after Last-Event-ID on a standard stream', async function () {
    const { body } = await post({ nick: 'dave', text: 'replay marker' }, 'replay');
    const id = JSON.parse(body).id;
    await post({ nick: 'dave', text: 'replay after' }, 'replay');
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), WAIT_MS);
    try {
      const response = await fetch(new URL('chat/stream', demo.url), {
        headers: { 'Last-Event-ID': String(id) },
        signal: controller.signal,
      });
      const reader = response.body.getReader();
      let text = '';
      while (!text.includes('replay after')) text += new TextDecoder().decode((await reader.read()).value);
      await reader.cancel();
      assert.equal(response.headers.get('content-type'), 'text/event-stream');
      assert.ok(
        text.startsWith(
          `retry: 1000\n\nid: ${id + 1}\nevent: message\ndata: {"id":${id + 1},"nick":"dave","text":"replay after"`,
        ),
        text,
      );
    } finally {
      clearTimeout(timer);
    }
  });

  it('had no uncaught errors in the pages', function () {
    assert.deepEqual(pageErrors, []);
  });
});
