// For the edge entries (js/edge*.js): a MessageEvent where the runtime has none (Vercel's edge runtime
// has Event and EventTarget but no MessageEvent): an Event with MessageEvent's read-only attributes.
import { provideMessageEvent } from './message-event.js';

provideMessageEvent(
  class MessageEvent extends Event {
    #init;

    constructor(type, init = {}) {
      super(type, init);
      this.#init = init;
    }

    get data() {
      return this.#init.data ?? null;
    }
    get origin() {
      return String(this.#init.origin ?? '');
    }
    get lastEventId() {
      return String(this.#init.lastEventId ?? '');
    }
    get source() {
      return null;
    }
    get ports() {
      return [];
    }
  },
);
