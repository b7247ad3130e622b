// new EventSource(url, { shared: true }) in headless Chromium: pages of one origin share one
// network connection through a SharedWorker (js/sharing/shared-connection.js, js/shared-worker.js), counted by
// the test server; each page's EventSource still has its own readyState, events and close().
import assert from 'node:assert/strict';

import { LAUNCH_TIMEOUT_MS, closeAll, launchWithServer } from './helpers/chromium.js';
import { waitUntil } from '../behaviour/events.js';

const PAGES = 10;
const UNSHARED_PAGES = 5;
const WAIT_MS = 10000;

describe('shared: true, one connection for the pages of an origin (headless Chromium)', function () {
  this.timeout(60000);
  let server;
  let browser;
  let sessionCounter = 0;

  before(async function () {
    this.timeout(LAUNCH_TIMEOUT_MS + 5000);
    ({ server, browser } = await launchWithServer());
  });

  after(async function () {
    this.timeout(15000);
    await closeAll({ server, browser });
  });

  /** A session of its own and the GET /hub requests the server saw in it: all, and those still open. */
  function session() {
    const id = `shared-${++sessionCounter}-${Date.now()}`;
    const hubs = () => server.sessionRequests(id).filter((r) => r.method === 'GET' && r.pathname === '/hub');
    return {
      stream: server.url(`/s/${id}/hub`),
      hubs,
      open: () => hubs().filter((r) => r.closedAt === null),
      /** Publishes `n` events to the session's /hub streams (drop: after dropping them); resolves to { last, streams }. */
      async publish(n = 1, { drop = false } = {}) {
        const response = await fetch(server.url(`/s/${id}/publish?n=${n}&drop=${drop ? 1 : 0}`), { method: 'POST' });
        return response.json();
      },
    };
  }

  async function openPage(context, stream, shared = true, election = false, query = '') {
    const page = await context.newPage();
    page.setDefaultTimeout(WAIT_MS);
    const errors = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.errors = errors;
    await page.goto(
      server.url(
        `/tests/browser/shared-page.html?shared=${shared ? 1 : 0}&election=${election ? 1 : 0}${query}&stream=${encodeURIComponent(stream)}`,
      ),
    );
    await page.waitForFunction(() => window.log?.some((e) => e.type === 'open'));
    return page;
  }

  /** Waits until `page` has had exactly `n` message events. */
  const messageCount = (page, n) =>
    page.waitForFunction((count) => window.log.filter((e) => e.type === 'message').length === count, n);
  const idsOf = (page) => page.evaluate(() => window.log.filter((e) => e.type === 'message').map((e) => Number(e.id)));
  const until = (predicate, what) => waitUntil(predicate, WAIT_MS, () => `: ${what}`, 20);

  /**
   * In `page`, a new shared source of a response whose events and end come in one read (/whole), awaited
   * event by event as undici's tests do (a promise resolved in the listener, awaited directly): what each
   * await saw, as 'type data readyState'. A relay that dispatched two events in one task would leave an
   * await waiting for an event that has already gone by.
   */
  function awaitEachInTurn(page, delay = 0) {
    const url = server.url(
      `/whole?delay=${delay}&body=${encodeURIComponent('data: 1\n\nevent: typed\ndata: 2\n\ndata: 3\n\n')}`,
    );
    return page.evaluate(async (url) => {
      const { EventSource } = await import('/js/index.js');
      const source = new EventSource(url, { shared: true });
      const next = (type) =>
        new Promise((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`no ${type} event within 5 s of the one before`)), 5000);
          source.addEventListener(
            type,
            (event) => {
              clearTimeout(timer);
              resolve([type, event.data, source.readyState].filter((x) => x !== undefined).join(' '));
            },
            { once: true },
          );
        });
      try {
        return [
          await next('open'),
          await next('message'),
          await next('typed'),
          await next('message'),
          await next('error'),
        ];
      } finally {
        source.close();
      }
    }, url);
  }

  const IN_TURN = ['open 1', 'message 1 1', 'typed 2 1', 'message 3 1', 'error 0'];

  it(`opens one connection for ${PAGES} pages, and every page receives every event`, async function () {
    const s = session();
    const context = await browser.newContext();
    try {
      const pages = [];
      for (let i = 0; i < PAGES; i++) pages.push(await openPage(context, s.stream));
      assert.equal(s.hubs().length, 1, 'GET /hub requests');
      const { last, streams } = await s.publish(5);
      assert.deepEqual([last, streams], [5, 1]);
      for (const page of pages)
        await page.waitForFunction(() => window.log.filter((e) => e.type === 'message').length >= 5);
      for (const page of pages) assert.deepEqual(await idsOf(page), [1, 2, 3, 4, 5]);
      for (const page of pages) {
        assert.deepEqual(await page.evaluate(() => window.log.map((e) => [e.type, e.readyState])[0]), ['open', 1]);
        assert.deepEqual(page.errors, []);
      }
      console.log(`      ${PAGES} pages, ${s.hubs().length} connection, 5 events each`);
    } finally {
      await context.close();
    }
  });

  it('closes the connection with its last page: pages closed one by one, the others go on', async function () {
    const s = session();
    const context = await browser.newContext();
    try {
      const pages = [];
      for (let i = 0; i < 4; i++) pages.push(await openPage(context, s.stream));
      let published = 0;
      while (pages.length > 1) {
        await pages.shift().close(); // the worker is granted the page's lock, and drops its subscription
        published = (await s.publish()).last;
        for (const page of pages) await messageCount(page, published);
        assert.equal(s.open().length, 1, 'the connection closed while pages still used it');
      }
      await pages[0].close();
      await until(() => s.open().length === 0, 'the connection outlived its last page');
      assert.equal(s.hubs().length, 1, 'GET /hub requests');
    } finally {
      await context.close();
    }
  });

  it("close() ends one page's EventSource only; a page that joins later sees the events from then on", async function () {
    const s = session();
    const context = await browser.newContext();
    try {
      const [a, b] = [await openPage(context, s.stream), await openPage(context, s.stream)];
      await s.publish(2);
      await messageCount(b, 2);
      await a.evaluate(() => window.source.close());
      assert.equal(await a.evaluate(() => window.source.readyState), 2);
      await s.publish(1);
      const late = await openPage(context, s.stream);
      await s.publish(1);
      await messageCount(late, 1);
      await messageCount(b, 4);
      assert.deepEqual(await idsOf(b), [1, 2, 3, 4]);
      assert.deepEqual(await idsOf(late), [4]);
      // a saw nothing after its close(), though the connection went on for the others.
      assert.deepEqual(await a.evaluate(() => window.log.map((e) => e.type)), ['open', 'message', 'message']);
      assert.equal(s.hubs().length, 1, 'GET /hub requests');
    } finally {
      await context.close();
    }
  });

  it('reconnects once for all pages after a drop, with Last-Event-ID, and every page goes on without loss', async function () {
    const s = session();
    const context = await browser.newContext();
    try {
      const pages = [];
      for (let i = 0; i < 3; i++) pages.push(await openPage(context, s.stream));
      await s.publish(2);
      for (const page of pages) await messageCount(page, 2);
      await s.publish(0, { drop: true }); // the worker's connection drops; it reconnects after `retry: 50`
      await until(() => s.open().length === 1 && s.hubs().length === 2, 'no reconnection');
      await s.publish(2);
      for (const page of pages) await messageCount(page, 4);
      assert.deepEqual(
        s.hubs().map((r) => r.headers['last-event-id']),
        [undefined, '2'],
      );
      for (const page of pages) {
        assert.deepEqual(await idsOf(page), [1, 2, 3, 4]);
        assert.deepEqual(
          await page.evaluate(() =>
            window.log.map((e) => (e.type === 'message' ? e.type : `${e.type} ${e.readyState}`)),
          ),
          ['open 1', 'message', 'message', 'error 0', 'open 1', 'message', 'message'],
        );
      }
    } finally {
      await context.close();
    }
  });

  it('relays each event in a task of its own: what a listener awaits runs before the next event', async function () {
    const s = session();
    const context = await browser.newContext();
    try {
      const page = await openPage(context, s.stream);
      assert.deepEqual(await awaitEachInTurn(page), IN_TURN);
      assert.deepEqual(page.errors, []);
    } finally {
      await context.close();
    }
  });

  it('shares through an elected page when the worker script cannot load: still one connection', async function () {
    const s = session();
    const context = await browser.newContext();
    try {
      const pages = [];
      for (let i = 0; i < 2; i++)
        pages.push(await openPage(context, s.stream, true, false, '&worker=/tests/browser/no-such-worker.js'));
      await until(() => s.open().length === 1, 'not one connection for the two pages');
      await s.publish(1);
      for (const page of pages) await page.waitForFunction(() => window.log.some((e) => e.type === 'message'));
      for (const page of pages) assert.deepEqual(page.errors, []);
      assert.equal(s.hubs().length, 1, 'a second connection was opened');
    } finally {
      await context.close();
    }
  });

  // Five, not ten: Chromium holds at most six HTTP/1.1 connections per origin, so a seventh page of
  // its own connection could not even load (the limit shared: true is for).
  it('opens a connection per page without shared', async function () {
    const s = session();
    const context = await browser.newContext();
    try {
      const pages = [];
      for (let i = 0; i < UNSHARED_PAGES; i++) pages.push(await openPage(context, s.stream, false));
      assert.equal(s.open().length, UNSHARED_PAGES, 'GET /hub requests open');
      await s.publish(1);
      for (const page of pages) await page.waitForFunction(() => window.log.some((e) => e.type === 'message'));
      console.log(`      without shared: ${UNSHARED_PAGES} pages, ${s.hubs().length} connections`);
    } finally {
      await context.close();
    }
  });

  describe('where there is no SharedWorker: a page elected with Web Locks holds it, over BroadcastChannel', function () {
    const openElected = (context, stream) => openPage(context, stream, true, true);

    it(`opens one connection for ${PAGES} pages, and every page receives every event`, async function () {
      const s = session();
      const context = await browser.newContext();
      try {
        const pages = [];
        for (let i = 0; i < PAGES; i++) pages.push(await openElected(context, s.stream));
        assert.equal(await pages[0].evaluate(() => typeof SharedWorker), 'undefined');
        assert.equal(s.hubs().length, 1, 'GET /hub requests');
        await s.publish(5);
        for (const page of pages)
          await page.waitForFunction(() => window.log.filter((e) => e.type === 'message').length >= 5);
        for (const page of pages) assert.deepEqual(await idsOf(page), [1, 2, 3, 4, 5]);
        for (const page of pages) assert.deepEqual(page.errors, []);
        console.log(`      ${PAGES} pages without SharedWorker, ${s.hubs().length} connection, 5 events each`);
      } finally {
        await context.close();
      }
    });

    it('hands the connection over when the holder closes mid-stream: no event lost or repeated', async function () {
      const s = session();
      const context = await browser.newContext();
      try {
        const pages = [];
        for (let i = 0; i < 4; i++) pages.push(await openElected(context, s.stream));
        await s.publish(3);
        for (const page of pages) await messageCount(page, 3);
        // The first page is the holder (it asked for the lock first). Events keep coming, one every 5 ms,
        // and the holder closes in the middle of them, once the others have seen ten more.
        const stream = (async () => {
          for (let i = 0; i < 100; i++) {
            await s.publish();
            await new Promise((resolve) => setTimeout(resolve, 5));
          }
        })();
        await pages[1].waitForFunction(() => window.log.filter((e) => e.type === 'message').length >= 13);
        await pages.shift().close();
        await stream;
        await until(() => s.hubs().length === 2 && s.open().length === 1, 'no page took the connection over');
        const { last } = await s.publish(3);
        for (const page of pages)
          await page.waitForFunction((n) => window.log.filter((e) => e.type === 'message').length >= n, last);
        const expected = Array.from({ length: last }, (_, i) => i + 1);
        for (const page of pages) assert.deepEqual(await idsOf(page), expected, 'events lost or repeated');
        const resumedFrom = s.hubs()[1].headers['last-event-id'];
        console.log(
          `      handover: ${last} events, none lost or repeated on ${pages.length} pages; the new holder resumed from ${resumedFrom}`,
        );
        assert.ok(Number(resumedFrom) >= 13, `resumed from ${resumedFrom}`);
        for (const page of pages) assert.deepEqual(page.errors, []);
      } finally {
        await context.close();
      }
    });

    it('dispatches each event in a task of its own on the holder and on the others: what a listener awaits runs first', async function () {
      const s = session();
      const context = await browser.newContext();
      try {
        const [holder, other] = [await openElected(context, s.stream), await openElected(context, s.stream)];
        // The holder's source is dispatched to by its own Connection, the other's by the BroadcastChannel;
        // the response comes late enough for both pages to have joined before its events.
        assert.deepEqual(await Promise.all([awaitEachInTurn(holder, 500), awaitEachInTurn(other, 500)]), [
          IN_TURN,
          IN_TURN,
        ]);
        for (const page of [holder, other]) assert.deepEqual(page.errors, []);
      } finally {
        await context.close();
      }
    });

    it('closes the connection with its last page', async function () {
      const s = session();
      const context = await browser.newContext();
      try {
        const pages = [];
        for (let i = 0; i < 3; i++) pages.push(await openElected(context, s.stream));
        while (pages.length > 1) {
          await pages.pop().close(); // not the holder: the connection stays as it is
          const { last } = await s.publish();
          for (const page of pages) await messageCount(page, last);
        }
        assert.equal(s.hubs().length, 1, 'GET /hub requests');
        await pages[0].evaluate(() => window.source.close()); // the holder's last source: it lets go
        await until(() => s.open().length === 0, 'the connection outlived its last source');
        assert.equal(s.hubs().length, 1, 'GET /hub requests');
      } finally {
        await context.close();
      }
    });
  });
});
