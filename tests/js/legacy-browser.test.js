// The legacy Opera 9 (2006) API in headless Chromium: the 2006 example page, the <event-source> element's
// lifecycle and status rules, the dialect through the element, and addEventSource/removeEventSource.
//
// Pages (tests/browser/legacy-*.html) are served by the test server with the SSE routes on one origin.
// Node drives them with page.evaluate, reads what they recorded (window.T.log, see legacy-element.js) and
// checks connections in the server's request log: `closedBy: 'client'` is how a test sees that the page
// closed a connection. Every wait is bounded.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';

import { LAUNCH_TIMEOUT_MS, ROOT, closeAll, launchWithServer } from './helpers/chromium.js';

const LEGACY_TYPE = 'application/x-dom-event-stream';
const PAGE_TIMEOUT_MS = 10000;
const EVENT_WAIT_MS = 5000;
const LEGACY_RECONNECT_MS = 5000;

describe('the legacy API in headless Chromium', function () {
  let server;
  let browser;
  let sessionCounter = 0;

  before(async function () {
    this.timeout(LAUNCH_TIMEOUT_MS + 5000);
    assert.ok(existsSync(`${ROOT}js/legacy.js`), 'js/legacy.js is missing');
    assert.ok(
      existsSync(`${ROOT}dist/eventsource-wasm-legacy.js`),
      'dist/eventsource-wasm-legacy.js is missing: run bash build.sh',
    );
    ({ server, browser } = await launchWithServer());
  });

  after(async function () {
    this.timeout(15000);
    await closeAll({ server, browser });
  });

  // --- helpers (they close over server and browser) ----------------------------------------------

  function session(name) {
    sessionCounter += 1;
    return `legacy-${name}-${sessionCounter}-${Math.random().toString(36).slice(2, 8)}`;
  }

  /** A same-origin path to /raw in `sessionId` with `body`; stays open unless end. */
  function raw(sessionId, body, { type = LEGACY_TYPE, code = 200, end = false } = {}) {
    const query = new URLSearchParams({ type, code: String(code), hex: Buffer.from(body, 'utf8').toString('hex') });
    if (end) query.set('end', '1');
    return `/s/${sessionId}/raw?${query}`;
  }

  /** A same-origin path to /legacy/ticks: `Event: tick`, `data: <label> <k>` every `interval` ms. */
  function ticks(sessionId, label, interval = 100) {
    return `/s/${sessionId}/legacy/ticks?label=${label}&interval=${interval}`;
  }

  const gets = (sessionId) => server.sessionRequests(sessionId).filter((r) => r.method === 'GET');

  /** Polls `predicate` (a Node-side function) every 20 ms; rejects after `timeoutMs` with `what`. */
  async function until(predicate, timeoutMs, what) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await predicate();
      if (value) return value;
      if (Date.now() > deadline)
        throw new Error(`within ${timeoutMs} ms: ${typeof what === 'function' ? await what() : what}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  const waitForGets = (sessionId, count, timeoutMs = EVENT_WAIT_MS) =>
    until(
      () => gets(sessionId).length >= count && gets(sessionId),
      timeoutMs,
      () => `wanted ${count} GET(s) in session ${sessionId}, saw ${gets(sessionId).length}`,
    );

  /** Waits until the client has closed every request of the session (the server saw the socket close). */
  const waitForClientClose = (sessionId, timeoutMs = EVENT_WAIT_MS) =>
    until(
      () => gets(sessionId).length > 0 && gets(sessionId).every((r) => r.closedBy === 'client'),
      timeoutMs,
      () => `the client did not close ${sessionId}: ${JSON.stringify(gets(sessionId).map((r) => r.closedBy))}`,
    );

  /** Opens a page; collects its uncaught errors into page.errors. */
  async function openPage(path) {
    const page = await browser.newPage();
    page.errors = [];
    page.on('pageerror', (error) => page.errors.push(String(error?.stack ?? error)));
    await page.goto(server.url(path), { timeout: PAGE_TIMEOUT_MS });
    return page;
  }

  /** Opens legacy-element.html with the query; resolves once its module has installed everything. */
  async function elementPage(query = {}) {
    const page = await openPage(`/tests/browser/legacy-element.html?${new URLSearchParams(query)}`);
    try {
      await page.waitForFunction(() => window.T?.ready === true, null, { timeout: PAGE_TIMEOUT_MS });
    } catch (error) {
      throw new Error(`legacy-element.js did not load: ${page.errors.join('; ') || error.message}`, { cause: error });
    }
    return page;
  }

  /** The page's recorded events, optionally only those with this label and/or type. */
  async function logOf(page, { label, type } = {}) {
    const log = await page.evaluate(() => window.T.log);
    return log.filter((e) => (label === undefined || e.label === label) && (type === undefined || e.type === type));
  }

  /** Waits until the page has recorded `count` events with this label and/or type, and returns them. */
  async function waitForLog(page, filter, count = 1, timeoutMs = EVENT_WAIT_MS) {
    return until(
      async () => {
        const entries = await logOf(page, filter);
        return entries.length >= count && entries;
      },
      timeoutMs,
      async () => `wanted ${count} ${JSON.stringify(filter)} event(s); log: ${JSON.stringify(await logOf(page))}`,
    );
  }

  /** Waits until `count` tick events dispatched at the element with this id were recorded; returns them. */
  function waitForTicks(page, id, count, timeoutMs = EVENT_WAIT_MS) {
    return until(
      async () => {
        const entries = await ticksAt(page, id);
        return entries.length >= count && entries;
      },
      timeoutMs,
      async () => `wanted ${count} tick(s) at #${id}, saw ${(await ticksAt(page, id)).length}`,
    );
  }

  /** The tick events recorded (by the page's capturing document listener) that were dispatched at #id. */
  const ticksAt = async (page, id) =>
    (await logOf(page, { label: 'page', type: 'tick' })).filter((e) => e.target === id);

  const pick = (entries, ...keys) => entries.map((e) => keys.map((k) => e[k]));

  // --- (a) the 2006 example page -----------------------------------------------------------------

  describe('the 2006 Opera example page with only the script tag added', function () {
    let page;
    before(async function () {
      this.timeout(PAGE_TIMEOUT_MS + 5000);
      page = await openPage('/tests/browser/legacy-2006-example.html');
    });
    after(async function () {
      await page?.close();
    });

    it('writes the server time into the page at least twice from <event-source src="/legacy/server-time">', async function () {
      this.timeout(EVENT_WAIT_MS + 5000);
      // Watches the span's text node from now on: every write of event.data by the page's own handler.
      await page.evaluate(() => {
        window.seen = [];
        const span = document.getElementById('time');
        new MutationObserver(() => window.seen.push(span.textContent)).observe(span, {
          characterData: true,
          childList: true,
          subtree: true,
        });
      });
      const seen = await page
        .waitForFunction(() => window.seen.length >= 2 && window.seen, null, { timeout: EVENT_WAIT_MS })
        .then((handle) => handle.jsonValue());
      for (const value of seen) assert.match(value, /^\d{10}$/, `not Unix seconds: ${value}`);
      assert.ok(Number(seen[1]) >= Number(seen[0]), `the time went backwards: ${seen}`);
      const now = Date.now() / 1000;
      assert.ok(Math.abs(Number(seen[0]) - now) < 60, `${seen[0]} is not the server's current time`);
      assert.deepEqual(page.errors, []);
    });

    it('installs the element, addEventSource and EventSourceWasm, and keeps the native EventSource', async function () {
      const seen = await page.evaluate(() => ({
        element:
          customElements.get('event-source') !== undefined ||
          document.getElementsByTagName('event-source')[0].src !== undefined,
        addEventSource:
          typeof window.addEventSource === 'function' && typeof document.body.removeEventSource === 'function',
        wasm:
          typeof EventSourceWasm === 'object' &&
          ['EventSource', 'installEventSource', 'installEventSourceElement', 'installAddEventSource'].filter(
            (name) => typeof EventSourceWasm[name] !== 'function',
          ),
        nativeKept:
          window.EventSource !== EventSourceWasm?.EventSource && /\[native code\]/.test(String(window.EventSource)),
      }));
      assert.equal(seen.element, true, 'the <event-source> element is not installed');
      assert.equal(
        seen.addEventSource,
        true,
        'addEventSource/removeEventSource are not installed on EventTarget.prototype',
      );
      assert.deepEqual(seen.wasm, [], 'EventSourceWasm lacks these functions');
      assert.equal(seen.nativeKept, true, 'the native EventSource was replaced');
    });
  });

  // --- (b) the element's lifecycle --------------------------------------------------------------------

  const MODES = [
    ['custom element', 'custom-element', {}],
    ['MutationObserver fallback', 'mutation-observer', { fallback: '1' }],
  ];
  for (const [modeName, mode, modeQuery] of MODES)
    describe(`the <event-source> element lifecycle (${modeName})`, function () {
      it('connects an element that is already in the document when the element is installed', async function () {
        const s = session('present');
        const page = await elementPage({ ...modeQuery, present: ticks(s, 'present') });
        try {
          assert.equal(await page.evaluate(() => T.mode), mode);
          const events = await waitForTicks(page, 'present', 2);
          assert.deepEqual(pick(events.slice(0, 2), 'data', 'origin'), [
            ['present 1', server.origin],
            ['present 2', server.origin],
          ]);
          assert.equal(gets(s).length, 1);
        } finally {
          await page.close();
        }
      });

      if (mode === 'custom-element')
        it('connects an element the parser creates after the script-tag build installed the element', async function () {
          const page = await openPage('/tests/browser/legacy-parsed.html');
          try {
            const events = await page
              .waitForFunction(() => window.ticks.length >= 2 && window.ticks, null, { timeout: EVENT_WAIT_MS })
              .then((handle) => handle.jsonValue());
            assert.deepEqual(events.slice(0, 2), [
              { data: 'parsed 1', target: 'parsed', origin: server.origin },
              { data: 'parsed 2', target: 'parsed', origin: server.origin },
            ]);
            assert.deepEqual(page.errors, []);
          } finally {
            await page.close();
          }
        });

      describe('on one page', function () {
        let page;
        before(async function () {
          this.timeout(PAGE_TIMEOUT_MS + 5000);
          page = await elementPage({ ...modeQuery, clock: 'fake' }); // reconnections only when a test advances T.clock
        });
        afterEach(async function () {
          await page.evaluate(() => document.querySelectorAll('event-source').forEach((el) => el.remove()));
        });
        after(async function () {
          await page?.close();
        });

        it('makes no request for a detached element with src, and connects it once script inserts it', async function () {
          const s = session('inserted');
          await page.evaluate(
            (src) => {
              window.detached = T.element('inserted', src, null);
            },
            ticks(s, 'inserted'),
          );
          assert.deepEqual(
            await page.evaluate(async (id) => {
              await T.settle();
              return T.requestsFor(id);
            }, s),
            [],
            'a detached element connected',
          );
          assert.equal(gets(s).length, 0, 'a detached element connected');
          await page.evaluate(() => document.getElementById('holder').appendChild(window.detached));
          const events = await waitForTicks(page, 'inserted', 2);
          assert.deepEqual(pick(events.slice(0, 2), 'data'), [['inserted 1'], ['inserted 2']]);
        });

        it('connects an element inserted with innerHTML', async function () {
          const s = session('inner');
          await page.evaluate(
            (src) => {
              const holder = document.getElementById('holder');
              holder.innerHTML = `<event-source id="inner" src="${src.replace(/&/g, '&amp;')}"></event-source>`;
            },
            ticks(s, 'inner'),
          );
          const events = await waitForTicks(page, 'inner', 1);
          assert.equal(events[0].data, 'inner 1');
        });

        it('closes the connection when the element is removed (the server sees it close), and reconnects when it is put back', async function () {
          const s = session('removed');
          await page.evaluate((src) => T.element('removed', src), ticks(s, 'removed'));
          await waitForTicks(page, 'removed', 2);
          await page.evaluate(() => {
            window.removed = document.getElementById('removed');
            window.removed.remove();
          });
          await waitForClientClose(s);
          const countAfterRemoval = (await ticksAt(page, 'removed')).length;
          // No reconnection is pending (it would be a timer on T.clock), and what was in flight has landed.
          assert.deepEqual(
            await page.evaluate(async () => {
              await T.settle();
              return T.clock.pending();
            }),
            [],
            'the removed element will reconnect',
          );
          assert.equal(gets(s).length, 1, 'the removed element reconnected');
          assert.equal((await ticksAt(page, 'removed')).length, countAfterRemoval, 'events arrived after removal');
          await page.evaluate(() => document.getElementById('holder').appendChild(window.removed));
          await waitForGets(s, 2);
          await waitForTicks(page, 'removed', countAfterRemoval + 1);
        });

        it("on a src change closes the old connection, opens the new one and dispatches only the new one's events", async function () {
          const oldSession = session('src-old');
          const newSession = session('src-new');
          await page.evaluate((src) => T.element('changing', src), ticks(oldSession, 'old'));
          await waitForTicks(page, 'changing', 2);
          const before = await page.evaluate(
            (src) => {
              document.getElementById('changing').setAttribute('src', src);
              return T.log.length;
            },
            ticks(newSession, 'new'),
          );
          await waitForClientClose(oldSession);
          await waitForGets(newSession, 1);
          await until(
            async () => (await logOf(page)).slice(before).filter((e) => e.data?.startsWith('new')).length >= 2,
            EVENT_WAIT_MS,
            'fewer than 2 events from the new src',
          );
          const afterChange = (await logOf(page)).slice(before);
          assert.deepEqual(
            afterChange.filter((e) => e.data?.startsWith('old')),
            [],
            'events from the old src after the change',
          );
          assert.deepEqual(pick(afterChange.slice(0, 2), 'data', 'target'), [
            ['new 1', 'changing'],
            ['new 2', 'changing'],
          ]);
          assert.equal(gets(oldSession).length, 1, 'the old src was requested again');
        });

        it('closes the connection and dispatches nothing more when src is removed', async function () {
          const s = session('src-removed');
          await page.evaluate((src) => T.element('unsourced', src), ticks(s, 'unsourced'));
          await waitForTicks(page, 'unsourced', 2);
          const count = await page.evaluate(() => {
            document.getElementById('unsourced').removeAttribute('src');
            return T.log.filter((e) => e.target === 'unsourced').length;
          });
          await waitForClientClose(s);
          assert.deepEqual(
            await page.evaluate(async () => {
              await T.settle();
              return T.clock.pending();
            }),
            [],
            'the element will reconnect',
          );
          assert.equal((await ticksAt(page, 'unsourced')).length, count, 'events arrived after src was removed');
          assert.equal(gets(s).length, 1);
        });

        if (mode === 'custom-element')
          it('reflects src: the getter gives the resolved URL ("" without the attribute), the setter sets the attribute', async function () {
            const seen = await page.evaluate(() => {
              const el = document.createElement('event-source');
              const missing = el.src;
              el.setAttribute('src', 'relative/path?x=1');
              const resolved = el.src;
              el.src = '/elsewhere?y=2';
              return { missing, resolved, attribute: el.getAttribute('src'), base: document.baseURI };
            });
            assert.equal(seen.missing, '');
            assert.equal(seen.resolved, new URL('relative/path?x=1', seen.base).href);
            assert.equal(seen.attribute, '/elsewhere?y=2');
          });
      });
    });

  // --- (b, continued) the 2006 status rules, all on one page, on a fake clock ---------------------

  // The page's connections share one FakeClock (legacy-element.html?clock=fake, the installers' timers
  // option): a reconnection happens only when the test advances it, so "not before 5 s" and "never" are
  // checked without waiting 5 s of real time.
  describe('the <event-source> element and response statuses (2006 rules)', function () {
    const READ = [200, 201, 202, 203, 206].flatMap((code) => [
      [code, LEGACY_TYPE],
      [code, 'text/event-stream'],
    ]);
    const RECONNECT = [
      ['204', 204, false],
      ['205', 205, false],
      ['304', 304, false],
      ['ended', 200, true],
    ];
    const STOP = [
      ['404', 404, LEGACY_TYPE],
      ['500', 500, LEGACY_TYPE],
      ['text-plain', 200, 'text/plain'],
      ['text-html', 200, 'text/html'],
    ];
    const sessions = {};
    const pendingBefore = {}; // the clock's pending timers once every first request was over, and after 4999 ms
    let page;
    let reconnected = null;

    before(async function () {
      this.timeout(PAGE_TIMEOUT_MS + 3 * EVENT_WAIT_MS);
      page = await elementPage({ clock: 'fake' });
      const elements = [];
      for (const [code, type] of READ) {
        const id = `read-${code}-${type === LEGACY_TYPE ? 'legacy' : 'standard'}`;
        sessions[id] = session(id);
        const body = type === LEGACY_TYPE ? `Event: read\ndata: ${id}\n\n` : `event: read\ndata: ${id}\n\n`;
        // Ended bodies: open streams would hold Chromium's 6 connections per host and queue the rest.
        elements.push([id, raw(sessions[id], body, { type, code, end: true })]);
      }
      for (const [name, code, end] of RECONNECT) {
        const id = `reconnect-${name}`;
        sessions[id] = session(id);
        elements.push([id, raw(sessions[id], `Event: read\ndata: ${id}\n\n`, { code, end })]);
      }
      for (const [name, code, type] of STOP) {
        const id = `stop-${name}`;
        sessions[id] = session(id);
        elements.push([
          id,
          raw(sessions[id], `Event: read\ndata: ${id}\n\nevent: read\ndata: ${id}\n\n`, { code, type, end: true }),
        ]);
      }
      await page.evaluate((list) => {
        for (const [id, src] of list) {
          const el = T.element(id, null);
          T.record(el, ['read', 'open', 'error', 'message'], { label: id });
          el.setAttribute('src', src);
        }
      }, elements);
      // Every element that reconnects (the read ones too: their bodies end) has its timer set.
      const reconnecting = READ.length + RECONNECT.length;
      const pending = () => page.evaluate(() => T.clock.pending());
      await until(
        async () => (await pending()).length >= reconnecting,
        EVENT_WAIT_MS,
        async () => `pending timers: ${JSON.stringify(await pending())}`,
      );
      await until(
        () => Object.values(sessions).every((s) => gets(s).length === 1 && gets(s)[0].closedAt !== null),
        EVENT_WAIT_MS,
        () =>
          `first requests not over: ${JSON.stringify(Object.values(sessions).map((s) => gets(s).map((r) => r.closedBy)))}`,
      );
      // A failed response's body is read for at most 1000 ms (js/connection/connection.js, on this clock too): wait
      // until every such read has finished, which a loaded machine can take a moment over.
      await until(
        async () => !(await pending()).includes(1000),
        EVENT_WAIT_MS,
        async () => `failed bodies still being read: ${JSON.stringify(await pending())}`,
      );
      pendingBefore.first = await pending();
      await page.evaluate((ms) => T.clock.advance(ms), LEGACY_RECONNECT_MS - 1);
      pendingBefore.almost = await pending();
      pendingBefore.requests = Object.fromEntries(Object.entries(sessions).map(([id, s]) => [id, gets(s).length]));
      await page.evaluate(() => T.clock.advance(1));
      const again = [
        ...READ.map(([code, type]) => `read-${code}-${type === LEGACY_TYPE ? 'legacy' : 'standard'}`),
        ...RECONNECT.map(([name]) => `reconnect-${name}`),
      ];
      reconnected = await until(
        () => again.every((id) => gets(sessions[id]).length >= 2),
        EVENT_WAIT_MS,
        () => `reconnects seen: ${JSON.stringify(again.map((id) => gets(sessions[id]).length))}`,
      ).then(
        () => true,
        (error) => error,
      );
    });

    after(async function () {
      await page?.close();
    });

    it('reads 200, 201, 202, 203 and 206 responses, of type application/x-dom-event-stream or text/event-stream', async function () {
      const ids = READ.map(([code, type]) => `read-${code}-${type === LEGACY_TYPE ? 'legacy' : 'standard'}`);
      const events = await logOf(page, { type: 'read' });
      const missing = ids.filter((id) => !events.some((e) => e.label === id && e.data === id && e.target === id));
      assert.deepEqual(missing, [], 'these elements dispatched no read event');
    });

    it('sets one 5000 ms reconnection timer per element that reconnects, and none before 5000 ms have passed', function () {
      const expected = Array(READ.length + RECONNECT.length).fill(LEGACY_RECONNECT_MS);
      assert.deepEqual(pendingBefore.first, expected, 'pending timers once every first request was over');
      assert.deepEqual(pendingBefore.almost, expected, 'pending timers 4999 ms later');
      assert.deepEqual(
        Object.values(pendingBefore.requests),
        Object.values(sessions).map(() => 1),
        'requests after 4999 ms',
      );
    });

    for (const [name] of RECONNECT) {
      const what = name === 'ended' ? 'when a 200 stream ends' : `after a ${name} response`;
      it(`reconnects after 5 s ${what}`, function () {
        if (reconnected !== true) assert.fail(String(reconnected?.message ?? reconnected));
        assert.ok(gets(sessions[`reconnect-${name}`]).length >= 2);
      });
    }

    it('stops for good after 404, 500, and 200 responses of type text/plain or text/html, dispatching nothing', async function () {
      // Their reconnection, had one been set, would have been due by now: the clock passed 5000 ms.
      if (reconnected !== true) assert.fail(String(reconnected?.message ?? reconnected));
      const counts = Object.fromEntries(STOP.map(([name]) => [name, gets(sessions[`stop-${name}`]).length]));
      assert.deepEqual(
        counts,
        Object.fromEntries(STOP.map(([name]) => [name, 1])),
        'requests per element (those with 2 reconnected)',
      );
      const events = (await logOf(page)).filter((e) => e.label.startsWith('stop-'));
      assert.deepEqual(events, []);
    });

    it('fires no open or error events at the element, whatever the status', async function () {
      const events = (await logOf(page)).filter((e) => e.type === 'open' || e.type === 'error');
      assert.deepEqual(pick(events, 'label', 'type'), []);
    });
  });

  // --- (b, continued) the reconnectionTime option (an extension of ours) --------------------------

  describe("the installers' reconnectionTime option", function () {
    let page;
    before(async function () {
      this.timeout(PAGE_TIMEOUT_MS + 5000);
      page = await elementPage({ clock: 'fake', reconnect: '40' });
    });
    after(async function () {
      await page?.close();
    });

    it('reopens legacy and standard streams after it instead of 5 s, until a standard stream sends retry', async function () {
      const streams = {
        legacy: ['Event: read\ndata: legacy\n\n', LEGACY_TYPE],
        standard: ['event: read\ndata: standard\n\n', 'text/event-stream'],
        retry: ['retry: 25\nevent: read\ndata: retry\n\n', 'text/event-stream'],
      };
      const sessions = Object.fromEntries(Object.keys(streams).map((name) => [name, session(`option-${name}`)]));
      await page.evaluate(
        (list) => {
          for (const [id, src] of list) T.element(id, src);
        },
        Object.entries(streams).map(([name, [body, type]]) => [name, raw(sessions[name], body, { type, end: true })]),
      );
      const pending = () => page.evaluate(() => T.clock.pending().sort((a, b) => a - b));
      await until(
        async () => (await pending()).length === 3,
        EVENT_WAIT_MS,
        async () => `pending: ${JSON.stringify(await pending())}`,
      );
      assert.deepEqual(await pending(), [25, 40, 40]);
      await page.evaluate(() => T.clock.advance(39));
      await waitForGets(sessions.retry, 2);
      assert.deepEqual([gets(sessions.legacy).length, gets(sessions.standard).length], [1, 1], 'reopened before 40 ms');
      await page.evaluate(() => T.clock.advance(1));
      for (const s of Object.values(sessions)) await waitForGets(s, 2);
    });
  });

  // --- (c) the dialect through the element --------------------------------------------------------

  describe('the legacy dialect through the element (default options)', function () {
    let page;
    before(async function () {
      this.timeout(PAGE_TIMEOUT_MS + 5000);
      page = await elementPage();
    });
    afterEach(async function () {
      await page.evaluate(() => document.querySelectorAll('event-source').forEach((el) => el.remove()));
    });
    after(async function () {
      await page?.close();
    });

    /**
     * Records `types` at the targets `record` names (id → options), then inserts <event-source id=id>
     * into #holder with a /raw src sending `body` + `Event: done`, and waits for done.
     */
    async function run(id, body, types, record = {}, { type = LEGACY_TYPE } = {}) {
      const s = session(id);
      const done = type === LEGACY_TYPE ? 'Event: done\n\n' : 'event: done\ndata:\n\n';
      await page.evaluate(
        ({ id, src, types, record }) => {
          const el = T.element(id, null, null);
          T.record(el, [...types, 'done'], { label: id, preventDefault: record[id]?.preventDefault });
          for (const [target, how] of Object.entries(record)) {
            if (target === id) continue;
            const node =
              target === 'document' ? document : target === 'window' ? window : document.getElementById(target);
            T.record(node, types, { label: `${id}@${target}`, ...how });
          }
          el.setAttribute('src', src);
          document.getElementById('holder').appendChild(el);
        },
        { id, src: raw(s, body + done, { type }), types, record },
      );
      await waitForLog(page, { label: id, type: 'done' });
      const log = await logOf(page);
      const at = (target) =>
        log.filter((e) => e.label === (target === id ? id : `${id}@${target}`) && e.type !== 'done');
      return { at, element: at(id) };
    }

    it('dispatches MessageEvents with the stream origin, and joins repeated Event and data fields with LF', async function () {
      const { element } = await run('repeated', 'Event: multi\nEvent: line\ndata: a\ndata: b\n\n', ['multi\nline']);
      assert.deepEqual(pick(element, 'type', 'data', 'origin', 'isMessageEvent', 'target'), [
        ['multi\nline', 'a\nb', server.origin, true, 'repeated'],
      ]);
    });

    it('ignores ; comment lines and : command lines', async function () {
      const { element } = await run('comments', ';comment\n:command\nEvent: c\n; more\ndata: ok\n:retry 60000\n\n', [
        'c',
      ]);
      assert.deepEqual(pick(element, 'type', 'data'), [['c', 'ok']]);
    });

    it('dispatches a block without Event as message, and reads CRLF line ends', async function () {
      const { element } = await run('default-mode', 'data: nameless\n\nEvent: crlf\r\ndata: x\r\n\n', [
        'message',
        'crlf',
        'crlf\r',
      ]);
      assert.deepEqual(pick(element, 'type', 'data'), [
        ['message', 'nameless'],
        ['crlf', 'x'],
      ]);
    });

    it('keeps Bubbles: No events from a listener on the parent, while the others (default, no, NO, "No ") bubble to it', async function () {
      const body =
        'Event: bub\ndata: No\nBubbles: No\n\nEvent: bub\ndata: default\n\nEvent: bub\ndata: no\nBubbles: no\n\n' +
        'Event: bub\ndata: NO\nBubbles: NO\n\nEvent: bub\ndata: No-space\nBubbles: No \n\n';
      const { at, element } = await run('bubbles', body, ['bub'], { parent: {} });
      assert.deepEqual(pick(element, 'data', 'bubbles'), [
        ['No', false],
        ['default', true],
        ['no', true],
        ['NO', true],
        ['No-space', true],
      ]);
      assert.deepEqual(pick(at('parent'), 'data', 'target'), [
        ['default', 'bubbles'],
        ['no', 'bubbles'],
        ['NO', 'bubbles'],
        ['No-space', 'bubbles'],
      ]);
    });

    it('lets preventDefault() cancel events by default, and do nothing on Cancelable: No events', async function () {
      const body =
        'Event: c\ndata: default\n\nEvent: c\ndata: No\nCancelable: No\n\nEvent: c\ndata: no\nCancelable: no\n\n';
      const { element } = await run('cancelable', body, ['c'], { cancelable: { preventDefault: true } });
      assert.deepEqual(pick(element, 'data', 'cancelable', 'defaultPrevented'), [
        ['default', true, true],
        ['No', false, false],
        ['no', true, true],
      ]);
    });

    it('dispatches Target: #id at that element, Target: Document at the document, and a missing id or other value at the element', async function () {
      const body =
        'Event: t\ndata: id\nTarget: #other\n\nEvent: t\ndata: doc\nTarget: Document\n\n' +
        'Event: t\ndata: missing\nTarget: #missing\n\nEvent: t\ndata: lower\nTarget: document\n\n';
      const { at, element } = await run('targets', body, ['t'], { other: {}, document: {} });
      assert.deepEqual(pick(at('other'), 'data', 'target'), [['id', 'other']]);
      assert.deepEqual(pick(element, 'data', 'target'), [
        ['missing', 'targets'],
        ['lower', 'targets'],
      ]);
      assert.deepEqual(pick(at('document'), 'data', 'target'), [
        ['id', 'other'],
        ['doc', 'document'],
        ['missing', 'targets'],
        ['lower', 'targets'],
      ]);
    });

    it('reads a text/event-stream src with the standard dialect: event: names the type and Event: is an unknown field', async function () {
      const { element } = await run(
        'standard-src',
        'event: std\ndata: s\n\nEvent: legacy\ndata: l\n\n',
        ['std', 'legacy', 'message'],
        {},
        { type: 'text/event-stream' },
      );
      assert.deepEqual(pick(element, 'type', 'data', 'origin'), [
        ['std', 's', server.origin],
        ['message', 'l', server.origin],
      ]);
    });

    it('leaves text/event-stream EventSources on the same page (native and ours) unaffected', async function () {
      const sElement = session('beside-element');
      const sNative = session('beside-native');
      const sOurs = session('beside-ours');
      const standard = 'event: std\ndata: s\n\nEvent: legacy\ndata: l\n\n';
      const seen = await page.evaluate(
        async ({ element, native, ours }) => {
          const el = T.element('beside', element);
          T.record(el, ['tick'], { label: 'beside' });
          const collect = (source) =>
            new Promise((resolve) => {
              const got = [];
              const push = (event) => {
                got.push([event.type, event.data]);
                if (got.length === 2) resolve(got);
              };
              source.addEventListener('std', push);
              source.addEventListener('message', push);
              source.addEventListener('legacy', push);
              setTimeout(() => resolve(got), 4000);
            });
          const sources = [new EventSource(native), new T.EventSource(ours)];
          try {
            return {
              isNative: /\[native code\]/.test(String(EventSource)),
              results: await Promise.all(sources.map(collect)),
            };
          } finally {
            sources.forEach((source) => source.close());
          }
        },
        {
          element: ticks(sElement, 'beside'),
          native: raw(sNative, standard, { type: 'text/event-stream' }),
          ours: raw(sOurs, standard, { type: 'text/event-stream' }),
        },
      );
      assert.equal(seen.isNative, true, 'window.EventSource is not the native one on this page');
      for (const result of seen.results)
        assert.deepEqual(result, [
          ['std', 's'],
          ['message', 'l'],
        ]);
      await waitForLog(page, { label: 'beside', type: 'tick' }, 1);
    });
  });

  describe('the legacy dialect through the element with strictLineFeeds and requireEventField', function () {
    let page;
    before(async function () {
      this.timeout(PAGE_TIMEOUT_MS + 5000);
      page = await elementPage({ strict: '1', require: '1' });
    });
    after(async function () {
      await page?.close();
    });

    it('drops a block without Event and keeps the CR of CRLF lines (Event: crlf\\r\\n fires "crlf\\r" with data "x\\r")', async function () {
      const s = session('strict');
      await page.evaluate(
        (src) => {
          const el = T.element('strict', null, null);
          T.record(el, ['message', 'crlf', 'crlf\r', 'done'], { label: 'strict' });
          el.setAttribute('src', src);
          document.getElementById('holder').appendChild(el);
        },
        raw(s, 'data: nameless\n\nEvent: crlf\r\ndata: x\r\n\nEvent: done\n\n'),
      );
      await waitForLog(page, { label: 'strict', type: 'done' });
      assert.deepEqual(pick(await logOf(page, { label: 'strict' }), 'type', 'data'), [
        ['crlf\r', 'x\r'],
        ['done', ''],
      ]);
    });
  });

  // --- (d) addEventSource / removeEventSource -----------------------------------------------------

  describe('addEventSource and removeEventSource', function () {
    let page;
    before(async function () {
      this.timeout(PAGE_TIMEOUT_MS + 5000);
      page = await elementPage();
    });
    after(async function () {
      await page?.close();
    });

    it('dispatch events at the element they were called on, applying Target: #id', async function () {
      const s = session('add-element');
      const src = raw(s, 'Event: a\ndata: 1\nTarget: #other\n\nEvent: a\ndata: 2\n\nEvent: done\n\n');
      await page.evaluate((url) => {
        const box = document.getElementById('box');
        T.record(box, ['a', 'done'], { label: 'add-box' });
        T.record(document.getElementById('other'), ['a'], { label: 'add-other' });
        box.addEventSource(url);
      }, src);
      await waitForLog(page, { label: 'add-box', type: 'done' });
      assert.deepEqual(pick(await logOf(page, { label: 'add-box' }), 'type', 'data', 'target', 'origin'), [
        ['a', '2', 'box', server.origin],
        ['done', '', 'box', server.origin],
      ]);
      assert.deepEqual(pick(await logOf(page, { label: 'add-other' }), 'data', 'target'), [['1', 'other']]);
      await page.evaluate((url) => document.getElementById('box').removeEventSource(url), src);
      await waitForClientClose(s);
    });

    it('dispatch events at window', async function () {
      const s = session('add-window');
      const src = raw(s, 'Event: w\ndata: hi\n\n');
      await page.evaluate((url) => {
        T.record(window, ['w'], { label: 'add-window' });
        window.addEventSource(url);
      }, src);
      const [event] = await waitForLog(page, { label: 'add-window', type: 'w' });
      assert.deepEqual(
        [event.data, event.target, event.origin, event.isMessageEvent],
        ['hi', 'window', server.origin, true],
      );
      await page.evaluate((url) => window.removeEventSource(url), src);
      await waitForClientClose(s);
    });

    it('count registrations: two adds of one URL open two connections, and each remove closes one', async function () {
      const s = session('multiset');
      const src = raw(s, 'Event: m\ndata: once per connection\n\n');
      await page.evaluate((url) => {
        const el = document.getElementById('other-parent');
        T.record(el, ['m'], { label: 'multiset' });
        el.addEventSource(url);
        el.addEventSource(url);
      }, src);
      await waitForGets(s, 2);
      await waitForLog(page, { label: 'multiset', type: 'm' }, 2);
      // A remove closes its connection at once (its request aborted in the page): read there, right away.
      const aborts = await page.evaluate(
        async ({ url, id }) => {
          document.getElementById('other-parent').removeEventSource(url);
          await T.settle();
          return T.abortsFor(id).length;
        },
        { url: src, id: s },
      );
      assert.equal(aborts, 1, 'the first remove did not close exactly one connection');
      await until(
        () => gets(s).filter((r) => r.closedBy === 'client').length === 1,
        EVENT_WAIT_MS,
        'the first remove closed nothing',
      );
      assert.equal(gets(s).filter((r) => r.closedAt === null).length, 1, 'one remove closed both connections');
      await page.evaluate((url) => document.getElementById('other-parent').removeEventSource(url), src);
      await waitForClientClose(s);
      assert.equal(gets(s).length, 2);
    });

    it('start the connection only after the current script: an add and a remove in one script make no request', async function () {
      const cancelled = session('same-task');
      const kept = session('next-task');
      await page.evaluate(
        ({ cancelledUrl, keptUrl }) => {
          document.body.addEventSource(cancelledUrl);
          document.body.removeEventSource(cancelledUrl);
          document.body.addEventSource(keptUrl);
        },
        { cancelledUrl: raw(cancelled, 'Event: x\n\n'), keptUrl: raw(kept, 'Event: x\n\n') },
      );
      await waitForGets(kept, 1);
      // The kept registration's connection started in a microtask after that script: the cancelled one's would have too.
      assert.deepEqual(
        await page.evaluate((id) => T.requestsFor(id), cancelled),
        [],
        'a registration removed in the same script still connected',
      );
      assert.equal(gets(cancelled).length, 0, 'a registration removed in the same script still connected');
      await page.evaluate((url) => document.body.removeEventSource(url), raw(kept, 'Event: x\n\n'));
      await waitForClientClose(kept);
    });

    it('never throw: removing an unregistered URL, adding an unparsable URL, removing from an object without registrations', async function () {
      const thrown = await page.evaluate(() => {
        const errors = [];
        const attempt = (what, fn) => {
          try {
            fn();
          } catch (error) {
            errors.push(`${what}: ${error}`);
          }
        };
        attempt('remove unregistered', () => document.body.removeEventSource('/never-added'));
        attempt('add unparsable', () => document.body.addEventSource('http://[bad'));
        attempt('remove unparsable', () => document.body.removeEventSource('http://[bad'));
        attempt('remove on a fresh target', () => new EventTarget().removeEventSource('/x'));
        return errors;
      });
      assert.deepEqual(thrown, []);
      // Nothing was requested (a registration connects in a microtask after the script, so two turns of
      // the page's event loop are plenty), so no error can come later either.
      assert.deepEqual(
        await page.evaluate(async () => {
          await T.settle();
          return T.requestsFor('never-added').concat(T.requestsFor('[bad'));
        }),
        [],
      );
      assert.deepEqual(page.errors, [], 'errors thrown in the page');
    });
  });
});
