// Installs the EventSource polyfill on the global object.
import { EventSource } from './event-source.js';

/**
 * Sets `globalThis.EventSource` to this package's EventSource where the runtime has none, or always
 * with `{ force: true }`. Returns the constructor that `globalThis.EventSource` holds afterwards.
 */
export function installEventSource({ force = false } = {}) {
  if (!force && typeof globalThis.EventSource === 'function') return globalThis.EventSource;
  // Like an interface object of the platform: writable and configurable, not enumerable.
  Object.defineProperty(globalThis, 'EventSource', {
    value: EventSource,
    writable: true,
    configurable: true,
    enumerable: false,
  });
  return EventSource;
}
