// In the browser benchmark page: runs one EventSource implementation over one stream, for browser-section.js.
//
// Classic script (served by stream-server.js after dist/eventsource-wasm.js and event-source-polyfill);
// defines benchAvailable(), benchRun(request), and benchStart(request) with benchWait(ms) for drivers whose
// commands have a time bound (WebDriver): a run is started, then waited for in slices. The digest is the one of tests/bench/digest.js:
// SHA-256 over JSON.stringify([type, data, lastEventId]) + '\n' per event.
(function () {
  'use strict';

  // Each class used directly: the native one saved before any script could replace it, ours from the
  // script-tag build's EventSourceWasm (it installs itself only where EventSource is missing).
  var IMPLS = {
    native: function () {
      return window.NativeEventSource;
    },
    'eventsource-wasm': function () {
      return window.EventSourceWasm && window.EventSourceWasm.EventSource;
    },
    'event-source-polyfill': function () {
      return window.EventSourcePolyfill;
    },
  };

  async function sha256Hex(text) {
    var hash = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
    return Array.from(new Uint8Array(hash), function (b) {
      return b.toString(16).padStart(2, '0');
    }).join('');
  }

  window.benchAvailable = function () {
    return Object.keys(IMPLS).filter(function (name) {
      return typeof IMPLS[name]() === 'function';
    });
  };

  /**
   * What creating a MessageEvent and dispatching it to one listener (which reads data) costs script in this
   * engine, in µs per event, the least any polyfill that keeps the standard's events pays: the median of five
   * timed batches of n after one warm-up batch. Timed in the page: all of it is main-thread CPU.
   */
  window.benchDispatchFloor = function (n) {
    var target = new EventTarget();
    var sum = 0;
    target.addEventListener('message', function (event) {
      sum += event.data.length;
    });
    var batches = [];
    var origin = location.origin;
    var data = ['token 0', 'token 1', 'token 2', 'token 3'];
    for (var b = 0; b < 6; b++) {
      var start = performance.now();
      for (var i = 0; i < n; i++) {
        target.dispatchEvent(new MessageEvent('message', { data: data[i & 3], lastEventId: '', origin: origin }));
      }
      if (b > 0) batches.push(((performance.now() - start) * 1000) / n);
    }
    batches.sort(function (x, y) {
      return x - y;
    });
    return { usPerEvent: batches[2], check: sum };
  };

  var current = null;

  /** Starts benchRun(request); benchWait reports it. */
  window.benchStart = function (request) {
    current = window.benchRun(request).then(
      function (result) {
        return { done: true, result: result };
      },
      function (error) {
        return { done: true, error: String((error && error.message) || error) };
      },
    );
    return true;
  };

  /** Waits up to ms for the started run: { done: false }, or { done: true, result } or { done: true, error }. */
  window.benchWait = function (ms) {
    var timer;
    var late = new Promise(function (resolve) {
      timer = setTimeout(resolve, ms, { done: false });
    });
    return Promise.race([current, late]).then(function (outcome) {
      clearTimeout(timer);
      return outcome;
    });
  };

  /** request: { impl, url, expected, types, digest, timeoutMs } → { ms, events, digest? } */
  window.benchRun = function (request) {
    return new Promise(function (resolve, reject) {
      var Constructor = IMPLS[request.impl]();
      var lines = request.digest ? [] : null;
      var events = 0;
      var check = 0;
      var start = performance.now();
      var source = new Constructor(request.url);
      var timer = setTimeout(function () {
        source.close();
        reject(
          new Error(
            request.impl + ': ' + events + ' of ' + request.expected + ' events after ' + request.timeoutMs + ' ms',
          ),
        );
      }, request.timeoutMs);
      function onEvent(event) {
        events++;
        var data = event.data; // read, as a consumer would
        check = (check + data.length) | 0;
        if (lines) lines.push(JSON.stringify([event.type, data, event.lastEventId]) + '\n');
        if (events !== request.expected) return;
        var ms = performance.now() - start;
        clearTimeout(timer);
        source.close();
        if (!lines) return resolve({ ms: ms, events: events, check: check });
        sha256Hex(lines.join('')).then(function (digest) {
          resolve({ ms: ms, events: events, digest: digest });
        }, reject);
      }
      request.types.forEach(function (type) {
        source.addEventListener(type, onEvent);
      });
      source.onerror = function () {
        clearTimeout(timer);
        source.close();
        reject(new Error(request.impl + ': error event after ' + events + ' of ' + request.expected + ' events'));
      };
    });
  };
})();
