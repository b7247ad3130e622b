// The MessageEvent events are dispatched as: the runtime's own (browsers, Node, Deno, Bun, workerd), or
// where it has none (Vercel's edge runtime), the one the edge entries provide (js/interface/edge-message-event.js).
import { lightMessageEvent } from './light-message-event.js';

let MessageEventClass = globalThis.MessageEvent;
// Node 22 and later (and runtimes like it): a faster one with the same prototype chain (light-message-event.js).
NODE_ONLY: if (MessageEventClass !== undefined) MessageEventClass = lightMessageEvent(MessageEventClass);

/** A MessageEvent of `type` with `init` ({ data, origin, lastEventId, bubbles, cancelable }). */
export function messageEvent(type, init) {
  return new MessageEventClass(type, init);
}

/** Internal: the class to use where the runtime has no MessageEvent. */
export function provideMessageEvent(fallback) {
  MessageEventClass ??= fallback;
}
