// Module worker for the worker tests: connects an EventSource when the page asks and posts back every event.
import { EventSource } from '/js/index.js';

const NativeEventSource = globalThis.EventSource;
let source = null;

self.onmessage = ({ data: command }) => {
  if (command.type === 'connect') connect(command);
  if (command.type === 'close') {
    source?.close();
    post({ type: 'closed', readyState: source?.readyState });
  }
};

/** flavour 'native' uses the worker's own EventSource; 'fetch' and 'xhr' use ours over that transport. */
function connect({ url, flavour, init = {} }) {
  try {
    source = flavour === 'native' ? new NativeEventSource(url, init) : new EventSource(url, { ...init, transport: flavour });
  } catch (error) {
    post({ type: 'exception', name: error.name, message: error.message });
    return;
  }
  post({
    type: 'created',
    url: source.url,
    readyState: source.readyState,
    ours: source instanceof EventSource,
    inWorker: typeof WorkerGlobalScope === 'function' && self instanceof WorkerGlobalScope && typeof document === 'undefined',
  });
  for (const type of ['open', 'message', 'error']) {
    source.addEventListener(type, (event) => {
      const { data, lastEventId, origin, code } = event;
      post({ type, data, lastEventId, origin, code, readyState: source.readyState });
    });
  }
}

function post(message) {
  self.postMessage(message);
}
