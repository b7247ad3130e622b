// cpp/wasm/embind_runtime.js, Embind's JS half as build.sh links it: through both built cores (the ABI
// of Emscripten's C++ half as it really calls it), and alone against a simulated heap for the cases no
// shipped binding reaches (unbound types, 8- and 16-bit integers, what is not supported).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import vm from 'node:vm';
import {
  ANNOUNCE,
  FIRE_ERROR,
  OPTION_MAX_EVENT_SIZE,
  OPTION_MAX_LINE_LENGTH,
  OPTION_RECONNECTION_TIME,
  RECORD_WORDS,
  SESSION_OPTION_WORDS,
  VIEW_COUNT,
  VIEW_INPUT,
  VIEW_INPUT_CAPACITY,
  VIEW_WORDS,
} from '../../js/core/boundary.js';
import { loadCore } from '../../js/core/core-module.js';
import '../../js/core/standard-core.js'; // provides the standard core to loadCore
import '../../js/core/legacy-core.js'; // provides the legacy core to loadCore

const RUNTIME = new URL('../../cpp/wasm/embind_runtime.js', import.meta.url);

for (const variant of ['standard', 'legacy']) {
  describe(`Embind classes of the ${variant} core`, function () {
    let core;
    let workspace;
    before(async () => {
      core = await loadCore(variant);
      workspace = new core.WasmWorkspace();
    });
    after(() => workspace.delete());

    // A WasmEventSource reads its SessionOptions from the workspace's input buffer.
    const newSource = () => {
      const options = new Uint32Array(SESSION_OPTION_WORDS);
      options[OPTION_MAX_LINE_LENGTH] = 1024;
      options[OPTION_MAX_EVENT_SIZE] = 1024;
      options[OPTION_RECONNECTION_TIME] = 3000;
      workspace.reserveInput(options.byteLength);
      core.HEAPU8.set(new Uint8Array(options.buffer), core.HEAPU32[(workspace.view() >> 2) + VIEW_INPUT]);
      return new core.WasmEventSource(workspace.address());
    };

    it('installs each class under its C++ name, constructed with new', () => {
      assert.equal(core.WasmWorkspace.name, 'WasmWorkspace');
      assert.equal(core.WasmEventSource.name, 'WasmEventSource');
      assert.throws(() => core.WasmWorkspace(), {
        name: 'BindingError',
        message: "Use 'new' to construct WasmWorkspace",
      });
    });

    it('returns unsigned results as non-negative numbers, the addresses the C++ objects have', () => {
      const source = newSource();
      try {
        const address = source.address();
        assert.equal(typeof address, 'number');
        assert.ok(address > 0 && address % 4 === 0, `address ${address}`);
        assert.notEqual(address, workspace.address());
        // view() points at the BatchView inside the workspace, 7 words that read back sensibly.
        const view = workspace.view() >> 2;
        workspace.reserveInput(4096);
        assert.ok(core.HEAPU32[view + VIEW_INPUT_CAPACITY] >= 4096, 'input_capacity grew to what was reserved');
        assert.equal(source.start(0), undefined); // void
      } finally {
        source.delete();
      }
    });

    it('passes arguments through: the status and the Content-Type length reach the state machine', () => {
      const firstAction = (status, contentType) => {
        const source = newSource();
        try {
          source.start(0); // no Last-Event-ID to resume from
          const bytes = new TextEncoder().encode(contentType);
          const view = workspace.view() >> 2;
          core.HEAPU8.set(bytes, core.HEAPU32[view + VIEW_INPUT]);
          source.response(status, bytes.length, 0xffffffff);
          assert.ok(core.HEAPU32[view + VIEW_COUNT] > 0, 'response() produced no action');
          // The announce or error record: its kind, and c (the status of an error).
          for (
            let i = 0, record = core.HEAPU32[view + VIEW_WORDS] >> 2;
            i < core.HEAPU32[view + VIEW_COUNT];
            ++i, record += RECORD_WORDS
          ) {
            const kind = core.HEAPU32[record];
            if (kind === ANNOUNCE || kind === FIRE_ERROR) return [kind, core.HEAPU32[record + 3]];
          }
          return null;
        } finally {
          source.delete();
        }
      };
      assert.deepEqual(firstAction(200, 'text/event-stream'), [ANNOUNCE, 0]);
      assert.deepEqual(firstAction(503, 'text/event-stream'), [FIRE_ERROR, 503]);
      assert.equal(firstAction(200, 'text/plain')[0], FIRE_ERROR);
    });

    it('throws a BindingError for a wrong argument count, a deleted object or a foreign this', () => {
      const source = newSource();
      assert.throws(() => new core.WasmEventSource(1, 2), {
        name: 'BindingError',
        message: 'function constructor WasmEventSource called with 2 arguments, expected 1',
      });
      assert.throws(() => source.response(200), {
        name: 'BindingError',
        message: 'function WasmEventSource.response called with 1 arguments, expected 3',
      });
      assert.throws(() => source.start.call(workspace, 0), {
        name: 'BindingError',
        message: 'expected an instance of WasmEventSource',
      });
      assert.equal(source.isDeleted(), false);
      source.delete();
      assert.equal(source.isDeleted(), true);
      assert.throws(() => source.start(0), {
        name: 'BindingError',
        message: 'WasmEventSource instance already deleted',
      });
      assert.throws(() => source.delete(), {
        name: 'BindingError',
        message: 'WasmEventSource instance already deleted',
      });
    });
  });
}

// The runtime alone: Emscripten's library file evaluated with a 64 KiB simulated heap and table, the
// registrations called as Embind's C++ half calls them.
function loadRuntime() {
  const context = vm.createContext({ LibraryManager: { library: {} } });
  let library;
  context.mergeInto = (_, entries) => (library = entries);
  vm.runInContext(readFileSync(RUNTIME, 'utf8'), context);
  const heap = new ArrayBuffer(1 << 16);
  const table = [null];
  let started;
  Object.assign(context, {
    HEAPU8: new Uint8Array(heap),
    HEAPU32: new Uint32Array(heap),
    wasmTable: { get: (index) => table[index] },
    Module: { ready: new Promise((resolve) => (started = resolve)) }, // as MINIMAL_RUNTIME's shell makes it
  });
  for (const [key, value] of Object.entries(library)) {
    if (key.includes('__')) continue; // __deps, __postset
    context[key.startsWith('$') ? key.slice(1) : key] = value;
  }
  for (const [key, value] of Object.entries(library)) if (key.endsWith('__postset')) vm.runInContext(value, context);

  let top = 16;
  const name = (text) => {
    const address = top;
    new TextEncoder().encodeInto(`${text}\0`, context.HEAPU8.subarray(address));
    top += text.length + 1;
    top = (top + 3) & ~3;
    return address;
  };
  const ids = (...list) => {
    const address = top;
    context.HEAPU32.set(list, address >> 2);
    top += 4 * list.length;
    return address;
  };
  const fn = (f) => table.push(f) - 1;
  const call = (index, ...args) => table[index](...args); // what an invoker does with a function pointer
  // The glue resolves Module.ready once the constructors (the registrations) have run; the factory
  // returns Module.ready as it is then.
  const start = () => {
    started(context.Module);
    return context.Module.ready;
  };
  return { context, Module: context.Module, name, ids, fn, call, start };
}

// Type IDs (addresses in the real module; any distinct numbers here).
const VOID = 1;
const INT = 2;
const CLASS = 10;
const CLASS_PTR = 11;
const CLASS_CONST_PTR = 12;

function registerCounter(rt, { registerInt = true } = {}) {
  const { context, name, ids, fn, call } = rt;
  const objects = new Map();
  let next = 100;
  context._embind_register_void(VOID, name('void'));
  if (registerInt) context._embind_register_integer(INT, name('int'), 4, -(2 ** 31), 2 ** 31 - 1);
  context._embind_register_class(
    CLASS,
    CLASS_PTR,
    CLASS_CONST_PTR,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    name('Counter'),
    0,
    fn((pointer) => objects.delete(pointer)),
  );
  context._embind_register_class_constructor(
    CLASS,
    2,
    ids(CLASS_PTR, INT),
    0,
    fn((construct, start) => call(construct, start)),
    fn((start) => {
      objects.set(next, start);
      return next++;
    }),
  );
  context._embind_register_class_function(
    CLASS,
    name('add'),
    3,
    ids(INT, CLASS_PTR, INT),
    0,
    fn((context, self, n) => {
      objects.set(self, objects.get(self) + n);
      return objects.get(self);
    }),
    0,
    0,
  );
  return objects;
}

describe('cpp/wasm/embind_runtime.js alone', function () {
  it('builds a class from the registrations, calling through the table', async () => {
    const rt = loadRuntime();
    const objects = registerCounter(rt);
    assert.equal(await rt.start(), rt.Module);
    const counter = new rt.Module.Counter(40);
    assert.equal(counter.add(2), 42);
    assert.equal(objects.size, 1);
    counter.delete();
    assert.equal(objects.size, 0, 'the destructor ran');
  });

  it('fails the start, naming the type, when a declaration uses a type not registered before it', async () => {
    const rt = loadRuntime();
    registerCounter(rt, { registerInt: false });
    rt.context._embind_register_integer(INT, rt.name('int'), 4, -(2 ** 31), 2 ** 31 - 1); // too late
    await assert.rejects(rt.start(), { name: 'BindingError', message: 'Embind: unbound types 0x2; unbound types 0x2' });
  });

  it('zero-extends unsigned and sign-extends signed 8-, 16- and 32-bit results', async () => {
    const rt = loadRuntime();
    const { context, name, ids, fn, call } = rt;
    context._embind_register_void(VOID, name('void'));
    const types = [
      [20, 'signed char', 1, -128, 127],
      [21, 'unsigned char', 1, 0, 255],
      [22, 'short', 2, -32768, 32767],
      [23, 'unsigned short', 2, 0, 65535],
      [24, 'int', 4, -(2 ** 31), 2 ** 31 - 1],
      [25, 'unsigned int', 4, 0, -1],
    ];
    for (const [id, typeName, size, min, max] of types)
      context._embind_register_integer(id, name(typeName), size, min, max);
    context._embind_register_class(
      CLASS,
      CLASS_PTR,
      CLASS_CONST_PTR,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      name('Wires'),
      0,
      fn(() => {}),
    );
    context._embind_register_class_constructor(
      CLASS,
      1,
      ids(CLASS_PTR),
      0,
      fn((construct) => call(construct)),
      fn(() => 8),
    );
    for (const [id, typeName] of types) {
      context._embind_register_class_function(
        CLASS,
        name(typeName.replace(' ', '_')),
        3,
        ids(id, CLASS_PTR, id),
        0,
        fn((_, self, wire) => wire),
        0,
        0,
      );
    }
    await rt.start();
    const wires = new rt.Module.Wires();
    assert.deepEqual(
      [
        wires.signed_char(0xff),
        wires.unsigned_char(-1),
        wires.short(0x8000),
        wires.unsigned_short(-1),
        wires.int(-5),
        wires.unsigned_int(-1),
      ],
      [-1, 255, -32768, 65535, -5, 4294967295],
    );
  });

  it('fails the start for what it does not support: a base class, an overload, a type registered twice', async () => {
    const rt = loadRuntime();
    registerCounter(rt);
    const { context, name, ids, fn } = rt;
    context._embind_register_class(
      30,
      31,
      32,
      CLASS,
      0,
      0,
      0,
      0,
      0,
      0,
      name('Derived'),
      0,
      fn(() => {}),
    );
    context._embind_register_class_function(
      CLASS,
      name('add'),
      4,
      ids(INT, CLASS_PTR, INT, INT),
      0,
      fn(() => 0),
      0,
      0,
    );
    context._embind_register_integer(INT, name('int'), 4, -(2 ** 31), 2 ** 31 - 1);
    await assert.rejects(rt.start(), {
      name: 'BindingError',
      message:
        'Embind: Derived: base classes are not supported; Counter.add: overloads are not supported; type int registered twice',
    });
  });

  it('throws when a method would return a class instance', async () => {
    const rt = loadRuntime();
    registerCounter(rt);
    rt.context._embind_register_class_function(
      CLASS,
      rt.name('self'),
      2,
      rt.ids(CLASS_PTR, CLASS_PTR),
      0,
      rt.fn((_, self) => self),
      0,
      0,
    );
    await rt.start();
    assert.throws(() => new rt.Module.Counter(0).self(), {
      name: 'BindingError',
      message: 'Counter: class results are not supported',
    });
  });
});
