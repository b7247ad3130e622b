// Under csp-page.html's policy: opens a source with the script tag's EventSource (?via=script) or the
// module's (?via=module) and resolves window.result to its first event: { type, code, message }, and
// jsCore: whether the page downloaded a JS core (dist/sse-core*-js.mjs).
const via = new URLSearchParams(location.search).get('via');
window.result = (async () => {
  const { EventSource } = via === 'script' ? window.EventSourceWasm : await import('/js/index.js');
  return new Promise((resolve) => {
    const source = new EventSource('/counter?n=1');
    const jsCore = () => performance.getEntriesByType('resource').some((entry) => /-js\.mjs$/.test(entry.name));
    source.onmessage = (event) => {
      source.close();
      resolve({ type: 'message', data: event.data, jsCore: jsCore() });
    };
    source.onerror = (event) => {
      source.close();
      resolve({ type: 'error', code: event.code, message: event.message, jsCore: jsCore() });
    };
  });
})();
