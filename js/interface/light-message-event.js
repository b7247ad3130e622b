// Node 22 and later take their global MessageEvent from undici, written in JavaScript with WebIDL
// conversions of its init dictionary: about 400 ns to construct one, where an Event takes 45 and Node 20's
// MessageEvent 85 (measured on the 2-core machine, Node 22, 24 and 26). It was half the CPU of every event
// received end to end. Where the runtime's class is such a one, events are this class instead: an Event
// whose prototype chain runs through the runtime's MessageEvent.prototype, so that `instanceof MessageEvent`,
// `event.constructor`, Object.prototype.toString and the Event methods are the same, with MessageEvent's read-only attributes
// as getters of its own (the runtime's getters check for their private fields, which this one has not).

/** The faster class for `runtimeClass`, or runtimeClass itself where it is not written with WebIDL converters. */
export function lightMessageEvent(runtimeClass) {
  if (!/\bwebidl\b/.test(Function.prototype.toString.call(runtimeClass))) return runtimeClass;
  class MessageEvent extends Event {
    #data;
    #origin;
    #lastEventId;

    constructor(type, { data = null, origin = '', lastEventId = '', bubbles, cancelable } = {}) {
      super(type, { bubbles, cancelable });
      this.#data = data;
      this.#origin = String(origin);
      this.#lastEventId = String(lastEventId);
    }

    get data() {
      return this.#data;
    }
    get origin() {
      return this.#origin;
    }
    get lastEventId() {
      return this.#lastEventId;
    }
    get source() {
      return null;
    }
    get ports() {
      return NO_PORTS;
    }
  }
  Object.setPrototypeOf(MessageEvent.prototype, runtimeClass.prototype);
  // event.constructor is the runtime's MessageEvent, as for the events it makes itself.
  Object.defineProperty(MessageEvent.prototype, 'constructor', {
    value: runtimeClass,
    writable: true,
    configurable: true,
  });
  return MessageEvent;
}

const NO_PORTS = Object.freeze([]);
