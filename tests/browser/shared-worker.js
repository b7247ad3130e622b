// Module shared worker for the worker tests: as worker.js, over the port of each page that connects.
import { EventSource } from '/js/index.js';
import { RecordingClock } from '/tests/behaviour/recording-clock.js';

const NativeEventSource = globalThis.EventSource;

self.onconnect = ({ ports: [port] }) => {
  let source = null;
  let clock = null;
  port.onmessage = ({ data: command }) => {
    if (command.type === 'close') source?.close();
    // As worker.js's settle: after two macrotasks, the readyState and (ours) the pending timers' delays.
    if (command.type === 'settle') {
      setTimeout(
        () =>
          setTimeout(
            () =>
              port.postMessage({ type: 'settled', readyState: source?.readyState, pending: clock?.pending() ?? null }),
            0,
          ),
        0,
      );
    }
    if (command.type !== 'connect') return;
    const { url, flavour } = command;
    try {
      clock = flavour === 'native' ? null : new RecordingClock();
      source =
        flavour === 'native' ? new NativeEventSource(url) : new EventSource(url, { transport: flavour, timers: clock });
    } catch (error) {
      return port.postMessage({ type: 'exception', name: error.name, message: error.message });
    }
    port.postMessage({
      type: 'created',
      inSharedWorker: typeof SharedWorkerGlobalScope === 'function' && self instanceof SharedWorkerGlobalScope,
    });
    for (const type of ['open', 'message', 'error']) {
      source.addEventListener(type, (event) =>
        port.postMessage({ type, data: event.data, readyState: source.readyState }),
      );
    }
  };
};
