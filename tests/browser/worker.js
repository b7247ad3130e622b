// Module worker for the worker tests: connects an EventSource when the page asks and posts back every event.
import { EventSource } from '/js/index.js';
import { RecordingClock } from '/tests/behaviour/recording-clock.js';

const NativeEventSource = globalThis.EventSource;
let source = null;
let clock = null; // our flavours' timers: the real ones, the pending ones listed

self.onmessage = ({ data: command }) => {
  if (command.type === 'connect') connect(command);
  if (command.type === 'close') {
    source?.close();
    post({ type: 'closed', readyState: source?.readyState });
  }
  if (command.type === 'settle') settle();
};

/** flavour 'native' uses the worker's own EventSource; 'fetch' and 'xhr' use ours over that transport. */
function connect({ url, flavour, init = {} }) {
  try {
    clock = flavour === 'native' ? null : new RecordingClock();
    source =
      flavour === 'native'
        ? new NativeEventSource(url, init)
        : new EventSource(url, { ...init, transport: flavour, timers: clock });
  } catch (error) {
    post({ type: 'exception', name: error.name, message: error.message });
    return;
  }
  post({
    type: 'created',
    url: source.url,
    readyState: source.readyState,
    ours: source instanceof EventSource,
    inWorker:
      typeof WorkerGlobalScope === 'function' && self instanceof WorkerGlobalScope && typeof document === 'undefined',
  });
  for (const type of ['open', 'message', 'error']) {
    source.addEventListener(type, (event) => {
      const { data, lastEventId, origin, code } = event;
      post({ type, data, lastEventId, origin, code, readyState: source.readyState });
    });
  }
}

/**
 * After two macrotasks (whatever had arrived is dispatched, and its messages posted before this one):
 * the source's readyState and, on our flavours, the delays of its pending timers (null on native).
 */
function settle() {
  setTimeout(
    () =>
      setTimeout(() => post({ type: 'settled', readyState: source?.readyState, pending: clock?.pending() ?? null }), 0),
    0,
  );
}

function post(message) {
  self.postMessage(message);
}
