// Module shared worker for the worker tests: as worker.js, over the port of each page that connects.
import { EventSource } from '/js/index.js';

const NativeEventSource = globalThis.EventSource;

self.onconnect = ({ ports: [port] }) => {
  let source = null;
  port.onmessage = ({ data: command }) => {
    if (command.type === 'close') source?.close();
    if (command.type !== 'connect') return;
    const { url, flavour } = command;
    try {
      source = flavour === 'native' ? new NativeEventSource(url) : new EventSource(url, { transport: flavour });
    } catch (error) {
      return port.postMessage({ type: 'exception', name: error.name, message: error.message });
    }
    port.postMessage({ type: 'created', inSharedWorker: typeof SharedWorkerGlobalScope === 'function' && self instanceof SharedWorkerGlobalScope });
    for (const type of ['open', 'message', 'error']) {
      source.addEventListener(type, (event) => port.postMessage({ type, data: event.data, readyState: source.readyState }));
    }
  };
};
