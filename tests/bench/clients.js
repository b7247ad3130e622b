// The Node EventSource clients under comparison, by name: each entry makes a source for a URL, or says why it cannot.
import { EventSource as WasmEventSource } from '../../js/index.js';
import { importPeer, requirePeer } from './peers.js';

const { EventSource: PeerEventSource } = await importPeer('eventsource');

/** Row names of the end-to-end and idle sections, ours first: [{ name, note }]. */
export const NODE_CLIENTS = Object.freeze([
  { name: 'eventsource-wasm', note: 'default transport' },
  { name: 'eventsource-wasm (fetch)', note: "transport: 'fetch', where the option is accepted" },
  { name: 'eventsource-wasm (http2)', note: "transport: 'http2': every source a stream of one h2c session" },
  { name: 'eventsource', note: 'eventsource-parser over fetch' },
  { name: 'undici', note: "undici's EventSource" },
]);

// Construction validates the transport option synchronously; closing at once starts no request
// (the connection begins only once the Wasm core has loaded, and sees CLOSED then).
function acceptsTransport(transport) {
  try {
    new WasmEventSource('http://127.0.0.1:9/', { transport }).close();
    return null;
  } catch (error) {
    return `transport '${transport}' is not accepted here: ${error.message}`;
  }
}

function undiciEventSource() {
  process.removeAllListeners('warning'); // undici's EventSource warns that it is experimental
  return requirePeer('undici').EventSource;
}

/** { create(url) → source } for a client name, or { unsupported: reason }. */
export function nodeClient(name) {
  switch (name) {
    case 'eventsource-wasm':
      return { create: (url) => new WasmEventSource(url) };
    case 'eventsource-wasm (fetch)': {
      const unsupported = acceptsTransport('fetch');
      return unsupported ? { unsupported } : { create: (url) => new WasmEventSource(url, { transport: 'fetch' }) };
    }
    case 'eventsource-wasm (http2)': {
      const unsupported = acceptsTransport('http2');
      return unsupported ? { unsupported } : { create: (url) => new WasmEventSource(url, { transport: 'http2' }) };
    }
    case 'eventsource':
      return { create: (url) => new PeerEventSource(url) };
    case 'undici': {
      const UndiciEventSource = undiciEventSource();
      return { create: (url) => new UndiciEventSource(url) };
    }
    default:
      throw new Error(`unknown client ${name}`);
  }
}

/** The port of a server's { port, h2Port } that client `name` connects to: the h2c one for transport 'http2'. */
export function portFor(name, { port, h2Port }) {
  return name.endsWith('(http2)') ? h2Port : port;
}
