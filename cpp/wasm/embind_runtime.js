// The JS half of Embind, for what cpp/wasm/bindings.cc declares: classes with constructors and methods
// whose arguments and results are void, bool and 8- to 32-bit integers. build.sh links it
// (--js-library) instead of Emscripten's embind.js and emval.js, which are 4.5 KB gzip of glue, most
// of it for features the core does not use (smart pointers, inheritance, overloads, val, strings).
//
// The C++ half is Emscripten's, unchanged: EMSCRIPTEN_BINDINGS calls the _embind_register_* imports
// below from static constructors while the module starts, with the arguments 3.1.6's
// src/embind/embind.js takes (the reference for each). The builtin types come first
// (cpp/wasm/embind_builtins.cc registers them from a constructor of higher priority), so every type a
// declaration names is known when it is declared: unlike embind.js, nothing waits for a later type. A class is installed as Module[name]:
// `new Module.X(...)` constructs, `x.method(...)` calls, `x.delete()` destroys, `x.isDeleted()` tells.
// Calling with the wrong number of arguments, on a deleted object or without `new` throws a
// BindingError, as Embind does.
//
// What a declaration needs and this runtime lacks fails the module's start, never silently: a type not
// registered before its use ("unbound types", with the type IDs), a base class, an overload, a type
// registered twice. The problems are collected while the constructors run and reported through
// Module.ready (so js/core/core-module.js loadCore rejects), because under MINIMAL_RUNTIME an exception
// thrown during the start would be lost and leave the module pending forever. Bindings needing an
// import not defined here (smart pointers, value objects, std::string, 64-bit integers) fail the link
// as undefined symbols.

mergeInto(LibraryManager.library, {
  // Type ID -> { name, toWire(value), fromWire(wire) }; class types also have .handle, the JS class.
  $embindTypes: {},
  // What the declarations need that this runtime does not do, as messages.
  $embindProblems: [],

  // Once the static constructors have run, nothing may be missing. The factory returns Module.ready,
  // so a rejection here is what createSseCore() returns.
  $embindCheckStart__deps: ['$embindProblems'],
  $embindCheckStart__postset: "Module['ready'] = Module['ready'].then(embindCheckStart);",
  $embindCheckStart: function (module) {
    if (embindProblems.length) embindError('Embind: ' + embindProblems.join('; '));
    return module;
  },

  $embindError: function (message) {
    var error = new Error(message);
    error.name = 'BindingError';
    throw error;
  },

  $embindReadName: function (address) {
    var name = '';
    while (HEAPU8[address]) name += String.fromCharCode(HEAPU8[address++]);
    return name;
  },

  // The registered types of `count` IDs at `address`, or null (a problem noted) if one is unknown.
  // Type IDs are named as Embind's no-RTTI build names them: addresses, in hex.
  $embindTypeList__deps: ['$embindTypes', '$embindProblems'],
  $embindTypeList: function (count, address) {
    var ids = Array.from(HEAPU32.subarray(address >> 2, (address >> 2) + count));
    var missing = ids.filter(function (id, i) {
      return !embindTypes[id] && ids.indexOf(id) === i;
    });
    if (!missing.length)
      return ids.map(function (id) {
        return embindTypes[id];
      });
    embindProblems.push(
      'unbound types ' +
        missing
          .map(function (id) {
            return '0x' + id.toString(16);
          })
          .join(', '),
    );
    return null;
  },

  $embindRegisterType__deps: ['$embindTypes', '$embindProblems', '$embindCheckStart'],
  $embindRegisterType: function (id, type) {
    if (embindTypes[id]) embindProblems.push('type ' + type.name + ' registered twice');
    embindTypes[id] = type;
  },

  // A JS function that converts its arguments, calls invoker(target, [this,] ...wires) and converts
  // the result. types: [result, this or null, ...arguments].
  $embindInvoker__deps: ['$embindError'],
  $embindInvoker: function (humanName, types, invoker, target) {
    var result = types[0];
    var self = types[1];
    var parameters = types.slice(2);
    var count = parameters.length;
    return function () {
      if (arguments.length !== count) {
        embindError('function ' + humanName + ' called with ' + arguments.length + ' arguments, expected ' + count);
      }
      var wires = [target];
      if (self) wires.push(self.toWire(this));
      for (var i = 0; i < count; ++i) wires.push(parameters[i].toWire(arguments[i]));
      return result.fromWire(invoker.apply(null, wires));
    };
  },

  // A function pointer's JS function. Every signature here is i32-only, so no dynCall is needed.
  $embindFunction: function (address) {
    return wasmTable.get(address);
  },

  _embind_register_void__deps: ['$embindRegisterType', '$embindReadName'],
  _embind_register_void: function (id, name) {
    embindRegisterType(id, {
      name: embindReadName(name),
      toWire: function () {
        return undefined;
      },
      fromWire: function () {
        return undefined;
      },
    });
  },

  _embind_register_bool__deps: ['$embindRegisterType', '$embindReadName'],
  _embind_register_bool: function (id, name, size, trueValue, falseValue) {
    embindRegisterType(id, {
      name: embindReadName(name),
      toWire: function (value) {
        return value ? trueValue : falseValue;
      },
      fromWire: function (wire) {
        return !!wire;
      },
    });
  },

  // 8-, 16- and 32-bit integers: unsigned ones (minRange 0) come back zero-extended from their size,
  // signed ones sign-extended, as embind.js does.
  _embind_register_integer__deps: ['$embindRegisterType', '$embindReadName'],
  _embind_register_integer: function (id, name, size, minRange, maxRange) {
    var shift = 32 - 8 * size;
    embindRegisterType(id, {
      name: embindReadName(name),
      toWire:
        minRange === 0
          ? function (value) {
              return value >>> 0;
            }
          : function (value) {
              return value;
            },
      fromWire:
        minRange === 0
          ? function (wire) {
              return (wire << shift) >>> shift;
            }
          : function (wire) {
              return (wire << shift) >> shift;
            },
    });
  },

  _embind_register_class__deps: [
    '$embindRegisterType',
    '$embindReadName',
    '$embindError',
    '$embindFunction',
    '$embindProblems',
  ],
  _embind_register_class: function (
    id,
    pointerId,
    constPointerId,
    baseId,
    getActualTypeSignature,
    getActualType,
    upcastSignature,
    upcast,
    downcastSignature,
    downcast,
    name,
    destructorSignature,
    destructor,
  ) {
    name = embindReadName(name);
    if (baseId) embindProblems.push(name + ': base classes are not supported');
    destructor = embindFunction(destructor);

    // The class: `new` calls the constructor registered next (until then, one that throws).
    function Handle() {
      if (!(this instanceof Handle)) embindError("Use 'new' to construct " + name);
      this.$$ptr = Handle.construct.apply(null, arguments);
    }
    Handle.construct = function () {
      embindError(name + ' has no accessible constructor');
    };
    Handle.prototype['delete'] = function () {
      if (!this.$$ptr) embindError(name + ' instance already deleted');
      destructor(this.$$ptr);
      this.$$ptr = 0;
    };
    Handle.prototype['isDeleted'] = function () {
      return !this.$$ptr;
    };
    Object.defineProperty(Handle, 'name', { value: name });
    Module[name] = Handle;

    // A class as an argument or `this` is its pointer; as a result (a new handle) it is not supported.
    function toWire(handle) {
      if (!(handle instanceof Handle)) embindError('expected an instance of ' + name);
      if (!handle.$$ptr) embindError(name + ' instance already deleted');
      return handle.$$ptr;
    }
    function fromWire() {
      embindError(name + ': class results are not supported');
    }
    embindRegisterType(id, { name: name, toWire: toWire, fromWire: fromWire, handle: Handle });
    embindRegisterType(pointerId, { name: name + '*', toWire: toWire, fromWire: fromWire });
    embindRegisterType(constPointerId, { name: name + ' const*', toWire: toWire, fromWire: fromWire });
  },

  // types: [the class pointer (the result), ...arguments]; invoker(constructor, ...wires) -> pointer.
  _embind_register_class_constructor__deps: ['$embindTypeList', '$embindInvoker', '$embindFunction', '$embindTypes'],
  _embind_register_class_constructor: function (classId, count, typesAddress, invokerSignature, invoker, constructor) {
    var types = embindTypeList(count, typesAddress);
    var Handle = embindTypes[classId].handle;
    if (!types) return;
    var pointer = {
      fromWire: function (wire) {
        return wire;
      },
    }; // the raw pointer, kept by the handle
    Handle.construct = embindInvoker(
      'constructor ' + Handle.name,
      [pointer, null].concat(types.slice(1)),
      embindFunction(invoker),
      constructor,
    );
  },

  // types: [result, this, ...arguments]; invoker(context, this, ...wires) -> result wire.
  _embind_register_class_function__deps: [
    '$embindTypeList',
    '$embindInvoker',
    '$embindFunction',
    '$embindReadName',
    '$embindProblems',
    '$embindTypes',
  ],
  _embind_register_class_function: function (
    classId,
    name,
    count,
    typesAddress,
    invokerSignature,
    invoker,
    context,
    isPureVirtual,
  ) {
    var types = embindTypeList(count, typesAddress);
    var Handle = embindTypes[classId].handle;
    name = embindReadName(name);
    var humanName = Handle.name + '.' + name;
    if (Object.prototype.hasOwnProperty.call(Handle.prototype, name)) {
      return void embindProblems.push(humanName + ': overloads are not supported');
    }
    if (types) Handle.prototype[name] = embindInvoker(humanName, types, embindFunction(invoker), context);
  },
});
