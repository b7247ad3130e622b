// Under csp-page.html's policy: opens a source with the script tag's EventSource (?via=script) or the
// module's (?via=module) and resolves window.result to its first event: { type, code, message }.
const via = new URLSearchParams(location.search).get('via');
window.result = (async () => {
  const { EventSource } = via === 'script' ? window.EventSourceWasm : await import('/js/index.js');
  return new Promise((resolve) => {
    const source = new EventSource('/counter?n=1');
    source.onmessage = () => resolve({ type: 'message' });
    source.onerror = (event) => {
      source.close();
      resolve({ type: 'error', code: event.code, message: event.message });
    };
  });
})();
