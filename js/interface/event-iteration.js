// Async iteration of an EventSource (an extension): `for await (const event of source)` yields its
// message events of every type, `source.events('update', ...)` of the types named. The loop ends when
// the source is closed, throws when the connection fails (an Error with the error event's code,
// status and message, the event as its cause), and a `break` (or return, or throw) closes the source.
// Defined on EventSource.prototype by importing this module: the package's entries do; the script
// tags, the standard EventSource only, do not.
import { EventSource, observeEventSource } from './event-source.js';

const CLOSED = 2;
const DONE = Object.freeze({ value: undefined, done: true });

Object.defineProperties(EventSource.prototype, {
  [Symbol.asyncIterator]: {
    value: function iterate() {
      return iterateEvents(this, null);
    },
    writable: true,
    configurable: true,
  },
  events: {
    value: function events(...types) {
      return { [Symbol.asyncIterator]: () => iterateEvents(this, types) };
    },
    writable: true,
    configurable: true,
  },
});

// Events wait in a queue until the loop asks for them: nothing is dropped, and nothing slows the
// stream down either (a loop much slower than its server lets the queue grow).
function iterateEvents(source, types) {
  const queue = [];
  let waiting = null; // the pending next()'s { resolve, reject }
  let ended = source.readyState === CLOSED;
  let failure = null;
  const stop = ended
    ? () => {}
    : observeEventSource(source, {
        message(event) {
          if (types !== null && !types.includes(event.type)) return;
          if (waiting === null) return void queue.push(event);
          waiting.resolve({ value: event, done: false });
          waiting = null;
        },
        end(errorEvent) {
          ended = true;
          if (errorEvent !== undefined) failure = connectionFailure(errorEvent);
          if (waiting === null) return;
          if (failure === null) waiting.resolve(DONE);
          else waiting.reject(takeFailure());
          waiting = null;
        },
      });
  const takeFailure = () => {
    const error = failure;
    failure = null;
    return error;
  };
  return {
    next() {
      if (queue.length > 0) return Promise.resolve({ value: queue.shift(), done: false });
      if (failure !== null) return Promise.reject(takeFailure());
      if (ended) return Promise.resolve(DONE);
      return new Promise((resolve, reject) => void (waiting = { resolve, reject }));
    },
    return() {
      stop();
      ended = true;
      queue.length = 0;
      waiting?.resolve(DONE);
      waiting = null;
      source.close();
      return Promise.resolve(DONE);
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}

function connectionFailure(event) {
  const error = new Error(event.message ?? 'The connection failed.', { cause: event });
  error.code = event.code;
  error.status = event.status;
  return error;
}
