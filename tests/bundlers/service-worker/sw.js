// A service worker that uses the package (bundled into it): asked by a page, it opens a source of
// /counter?n=3 and answers with the three ids, or with the error.
import { EventSource } from 'eventsource-wasm';

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));
self.addEventListener('message', (event) => {
  const ids = [];
  const source = new EventSource('/counter?n=3');
  source.onmessage = (message) => {
    ids.push(message.lastEventId);
    if (ids.length === 3) {
      source.close();
      event.source.postMessage(`events: ${ids.join(',')}`);
    }
  };
  source.onerror = (error) => {
    if (ids.length < 3) event.source.postMessage(`error: ${error.code} ${error.message}`);
    if (error.code === 'core-unavailable') source.close();
  };
});
