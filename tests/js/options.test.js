// The non-standard EventSource options are validated when the source is constructed, with clear errors.
import assert from 'node:assert/strict';
import { EventSource } from '../../js/index.js';

const url = 'http://127.0.0.1:9/never-contacted';

describe('EventSource options', function () {
  const construct = (init) => {
    const source = new EventSource(url, init);
    source.close(); // before the core loads: no request is ever made
    return source;
  };

  it('accepts the defaults and every documented option', () => {
    construct(undefined);
    construct({});
    construct({ withCredentials: true, transport: 'auto', maxLineLength: 10, maxEventSize: 20, xhrResponseLimit: 1 });
    construct({ transport: 'fetch', xhrResponseLimit: Infinity });
  });

  it('rejects an unknown transport with a TypeError naming the choices', () => {
    assert.throws(() => construct({ transport: 'websocket' }), { name: 'TypeError', message: /'auto', 'fetch' or 'xhr'/ });
    assert.throws(() => construct({ transport: 'toString' }), TypeError);
  });

  it('rejects the XHR transport where XMLHttpRequest does not exist, as in Node', () => {
    assert.equal(typeof XMLHttpRequest, 'undefined');
    assert.throws(() => construct({ transport: 'xhr' }), { name: 'TypeError', message: /transport must be available in this runtime, got 'xhr'/ });
  });

  it('rejects limits that are not whole numbers of bytes from 1 to 2^31-1 with a RangeError', () => {
    for (const bad of [0, -1, 1.5, 2 ** 31, '10', NaN]) {
      assert.throws(() => construct({ maxLineLength: bad }), RangeError, `maxLineLength ${bad}`);
      assert.throws(() => construct({ maxEventSize: bad }), RangeError, `maxEventSize ${bad}`);
    }
  });

  it('rejects an xhrResponseLimit below one byte with a RangeError', () => {
    for (const bad of [0, -5, NaN, '1']) assert.throws(() => construct({ xhrResponseLimit: bad }), RangeError);
  });

});
