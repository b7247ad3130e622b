// The back/forward cache in headless Chromium (its cache kept on): a page with an EventSource navigates
// away and back. The polyfill closes its connection when the page enters the cache, runs nothing while
// it is there, and reconnects with Last-Event-ID when it comes back (js/connection/page-lifecycle.js; WPT
// eventsource-bfcache). Chromium's own EventSource does otherwise, and that is checked too (README
// lists it as a difference): it keeps its connection open in the cache and delivers what arrived there
// on return.
import assert from 'node:assert/strict';

import { LAUNCH_TIMEOUT_MS, closeAll, launchWithServer } from './helpers/chromium.js';

const AWAY_MS = 1500; // how long the page stays in the cache
const CLOSE_WITHIN_MS = 1000; // the connection must be closed by then after navigating away

describe('EventSource and the back/forward cache (headless Chromium)', function () {
  let server;
  let browser;

  before(async function () {
    this.timeout(LAUNCH_TIMEOUT_MS + 5000);
    ({ server, browser } = await launchWithServer({ backForwardCache: true }));
  });

  after(async function () {
    this.timeout(15000);
    await closeAll({ server, browser });
  });

  /**
   * Opens the page on a stream of id'd events (`query` for /counter: by default one every 100 ms),
   * waits for three events, goes to another page for AWAY_MS and back, and waits for three more.
   * Returns the page's log, the stream's requests, and when the page left and came back (ms since the
   * epoch).
   */
  async function awayAndBack(flavour, query = 'n=1000&every=100') {
    const session = `lifecycle-${flavour}-${Date.now()}`;
    const stream = server.url(`/s/${session}/counter?${query}`);
    const page = await browser.newPage();
    try {
      await page.goto(
        server.url(`/tests/browser/page-lifecycle.html?flavour=${flavour}&stream=${encodeURIComponent(stream)}`),
      );
      await page.waitForFunction(() => window.log.filter((entry) => entry.type === 'message').length >= 3, null, {
        timeout: 5000,
      });
      const leftAt = Date.now();
      await page.goto(server.url(`/__requests?session=${session}`));
      await new Promise((resolve) => setTimeout(resolve, AWAY_MS));
      const whileAway = server.sessionRequests(session).map((request) => ({ ...request }));
      await page.goBack({ waitUntil: 'commit' });
      await page.waitForFunction(() => window.log?.some((entry) => entry.type === 'pageshow'), null, { timeout: 5000 });
      const backAt = Date.now();
      await page.waitForFunction(
        () => {
          const shown = window.log.findIndex((entry) => entry.type === 'pageshow' && entry.persisted);
          return window.log.slice(shown).filter((entry) => entry.type === 'message').length >= 3;
        },
        null,
        { timeout: 5000 },
      );
      const log = await page.evaluate(() => {
        window.source.close();
        return window.log;
      });
      return { log, whileAway, requests: server.sessionRequests(session), leftAt, backAt };
    } finally {
      await page.close();
    }
  }

  /** Every event once, in order; what the page logged around pagehide and pageshow. */
  function checkLog(log, restoredState) {
    assert.ok(
      log.some((entry) => entry.type === 'pageshow' && entry.persisted),
      `the page was not restored from the back/forward cache: ${JSON.stringify(log)}`,
    );
    const ids = log.filter((entry) => entry.type === 'message').map((entry) => Number(entry.id));
    assert.deepEqual(
      ids,
      ids.map((_, k) => k + 1),
    );
    // The source had dropped before the page's pagehide listener ran (readyState CONNECTING in the
    // cache); on return, pageshow, then open.
    const hidden = log.findIndex((entry) => entry.type === 'pagehide');
    assert.deepEqual(
      log.slice(hidden - 1, hidden + 1).map((entry) => [entry.type, entry.readyState]),
      [
        ['error', 0],
        ['pagehide', 0],
      ],
    );
    assert.deepEqual(
      log.slice(hidden + 1, hidden + 3).map((entry) => [entry.type, entry.persisted ?? null, entry.readyState]),
      [
        ['pageshow', true, restoredState],
        ['open', null, 1],
      ],
    );
    return log
      .slice(0, hidden)
      .filter((entry) => entry.type === 'message')
      .map((entry) => entry.id);
  }

  for (const flavour of ['fetch', 'xhr']) {
    it(`closes an open connection in the cache and resumes with Last-Event-ID on return (our EventSource over ${flavour})`, async function () {
      this.timeout(20000);
      const { log, whileAway, requests, leftAt, backAt } = await awayAndBack(flavour);
      const before = checkLog(log, 0);
      // Entering the cache: the one connection was closed by the client, promptly; no other opened.
      assert.equal(whileAway.length, 1, `requests while away: ${JSON.stringify(whileAway)}`);
      assert.equal(whileAway[0].closedBy, 'client');
      assert.ok(
        whileAway[0].closedAt - leftAt < CLOSE_WITHIN_MS,
        `closed ${whileAway[0].closedAt - leftAt} ms after leaving`,
      );
      // Back: one reconnection, at once, resuming after the last event the page got before it left.
      assert.equal(requests.length, 2, `requests: ${requests.length}`);
      assert.equal(requests[1].headers['last-event-id'], before.at(-1));
      assert.ok(requests[1].receivedAt - backAt < CLOSE_WITHIN_MS, 'the reconnection waited');
    });
  }

  // A source waiting out a 60 s reconnection time when the page leaves: no timer is left to fire in the
  // cache, and the page reconnects when it comes back, not 60 s later.
  it('reconnects on return a source that was waiting to reconnect when the page left (our EventSource over fetch)', async function () {
    this.timeout(20000);
    const { log, whileAway, requests, backAt } = await awayAndBack('fetch', 'n=6&per=3&retry=60000');
    assert.deepEqual(checkLog(log, 0), ['1', '2', '3']);
    assert.deepEqual(
      whileAway.map((request) => request.closedBy),
      ['server'],
    );
    assert.equal(requests.length, 2);
    assert.equal(requests[1].headers['last-event-id'], '3');
    assert.ok(requests[1].receivedAt - backAt < CLOSE_WITHIN_MS, 'the reconnection waited');
  });

  // What README says of Chromium's own EventSource (156), checked: if this fails, Chromium changed and
  // README's list of differences needs updating.
  it("Chromium's own EventSource keeps its connection open in the cache and delivers what arrived there on return", async function () {
    this.timeout(20000);
    const { log, whileAway, requests } = await awayAndBack('native');
    assert.ok(
      log.some((entry) => entry.type === 'pageshow' && entry.persisted),
      'the page was not restored from the back/forward cache',
    );
    const open = whileAway.filter((request) => request.closedAt === null).length;
    console.log(
      `      native: ${open} of ${whileAway.length} connection(s) still open after ${AWAY_MS} ms in the cache; ${requests.length} request(s) in all`,
    );
    assert.deepEqual([whileAway.length, open, requests.length], [1, 1, 1], 'native closed or reopened its connection');
    assert.ok(!log.some((entry) => entry.type === 'error'), 'native fired error');
    const ids = log.filter((entry) => entry.type === 'message').map((entry) => Number(entry.id));
    assert.deepEqual(
      ids,
      ids.map((_, k) => k + 1),
    ); // the events sent while away, on return, in order
  });

  // shared: true (js/sharing/shared-connection.js): the shared connection is not the page's to close. A page that
  // an event reaches while cached is evicted by Chromium (a message to a cached page's MessagePort), and
  // going back loads it afresh. (One that nothing reached came back still subscribed in most runs, but
  // once in three runs on a loaded machine its connection had closed: not asserted; README says so.)
  describe('a shared source (shared: true)', function () {
    async function leaveAndComeBack(eventsWhileAway) {
      const session = `lifecycle-shared-${eventsWhileAway}-${Date.now()}`;
      const stream = server.url(`/s/${session}/hub`);
      const publish = (n) => fetch(server.url(`/s/${session}/publish?n=${n}`), { method: 'POST' });
      const page = await browser.newPage();
      try {
        await page.goto(server.url(`/tests/browser/shared-page.html?shared=1&stream=${encodeURIComponent(stream)}`));
        await page.waitForFunction(() => window.log?.some((entry) => entry.type === 'open'), null, { timeout: 5000 });
        await publish(2);
        await page.waitForFunction(() => window.log.filter((e) => e.type === 'message').length === 2, null, {
          timeout: 5000,
        });
        await page.evaluate(() => {
          window.beforeLeaving = true;
        });
        await page.goto(server.url(`/__requests?session=${session}`));
        if (eventsWhileAway > 0) await publish(eventsWhileAway);
        await new Promise((resolve) => setTimeout(resolve, 500));
        await page.goBack({ waitUntil: 'commit' });
        await page.waitForFunction(() => window.log?.some((entry) => entry.type === 'open'), null, { timeout: 5000 });
        await publish(1); // after coming back
        await page.waitForFunction(
          (n) => window.log.filter((e) => e.type === 'message').length >= n,
          eventsWhileAway > 0 ? 5 : 3,
          { timeout: 5000 },
        );
        return {
          restored: await page.evaluate(() => window.beforeLeaving === true),
          ids: await page.evaluate(() => window.log.filter((e) => e.type === 'message').map((e) => Number(e.id))),
          hubs: server.sessionRequests(session).filter((r) => r.pathname === '/hub'),
        };
      } finally {
        await page.close();
      }
    }

    it('is loaded afresh when an event reached it in the cache (Chromium evicts it), and its new source works', async function () {
      this.timeout(20000);
      const { restored, ids } = await leaveAndComeBack(2);
      assert.equal(restored, false, 'Chromium kept the page in the cache: README says it does not');
      assert.deepEqual(ids, [1, 2, 3, 4, 5]); // the new page's source, from the start of the /hub stream
    });
  });
});
