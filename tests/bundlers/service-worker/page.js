// Registers the built service worker (./sw.js; ?type=module for a module worker), asks it for three
// events, and puts its answer in the title: "events: 1,2,3" or "error: <code> <message>".
const type = new URLSearchParams(location.search).get('type') ?? 'classic';
navigator.serviceWorker.addEventListener('message', (event) => {
  document.title = event.data;
});
navigator.serviceWorker
  .register('./sw.js', { type })
  .then(() => navigator.serviceWorker.ready)
  .then(
    (registration) => registration.active.postMessage('go'),
    (error) => {
      document.title = `error: register ${error.message}`;
    },
  );
