// The class events are made of where the runtime's MessageEvent is undici's (Node 22 and later): tested here
// on a stand-in written like it (its source names webidl), since the Node that runs the tests may have
// another; tests/js/runtimes.test.js runs the behaviour suite, which checks the real one, in Node 22, 24, 26.
import assert from 'node:assert/strict';
import { lightMessageEvent } from '../../js/interface/light-message-event.js';

// Like undici's: its attributes check a private field, so they throw on an object it did not construct.
class WebIdlMessageEvent extends Event {
  #init;
  constructor(type, init = {}) {
    super(type, init); // webidl.converters.MessageEventInit(init) in undici
    this.#init = init;
  }
  get data() {
    return this.#init.data;
  }
  get [Symbol.toStringTag]() {
    return 'MessageEvent';
  }
}

describe('lightMessageEvent', function () {
  it("keeps a runtime's MessageEvent that is not written with WebIDL converters", function () {
    class Native extends Event {}
    assert.equal(lightMessageEvent(Native), Native);
  });

  it('makes events that are the WebIDL one to a listener, with their own attributes', function () {
    const Light = lightMessageEvent(WebIdlMessageEvent);
    assert.notEqual(Light, WebIdlMessageEvent);
    const event = new Light('update', { data: 'x', origin: 'http://a', lastEventId: '7', cancelable: true });
    assert.ok(event instanceof WebIdlMessageEvent);
    assert.ok(event instanceof Event);
    assert.equal(event.constructor, WebIdlMessageEvent);
    assert.equal(Object.prototype.toString.call(event), '[object MessageEvent]');
    assert.deepEqual(
      [event.type, event.data, event.origin, event.lastEventId, event.source, event.ports.length, event.cancelable],
      ['update', 'x', 'http://a', '7', null, 0, true],
    );
    const target = new EventTarget();
    let seen = null;
    target.addEventListener('update', (e) => {
      seen = e;
      e.preventDefault();
    });
    assert.equal(target.dispatchEvent(event), false);
    assert.equal(seen, event);
    assert.equal(event.target, target);
  });

  it("defaults as MessageEventInit does: data null, origin and lastEventId ''", function () {
    const event = new (lightMessageEvent(WebIdlMessageEvent))('message');
    assert.deepEqual([event.data, event.origin, event.lastEventId, event.bubbles], [null, '', '', false]);
  });
});
