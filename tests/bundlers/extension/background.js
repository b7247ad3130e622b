// A Manifest V3 extension's background service worker with the package bundled in. The test calls
// threeEvents(url) in it: the three ids of /counter?n=3, or the error.
import { EventSource } from 'eventsource-wasm';

globalThis.threeEvents = (url) =>
  new Promise((resolve) => {
    const ids = [];
    const source = new EventSource(url);
    source.onmessage = (event) => {
      ids.push(event.lastEventId);
      if (ids.length === 3) {
        source.close();
        resolve(`events: ${ids.join(',')}`);
      }
    };
    source.onerror = (event) => {
      if (ids.length >= 3) return;
      source.close();
      resolve(`error: ${event.code} ${event.message}`);
    };
  });
