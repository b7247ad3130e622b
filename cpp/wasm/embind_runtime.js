// The JS half of Embind, for what cpp/src/bindings.cc declares: classes with constructors and methods
// whose arguments and results are void, bool and 8- to 32-bit integers. build.sh links it
// (--js-library) instead of Emscripten's embind.js and emval.js, which are 4.5 KB gzip of glue, most
// of it for features the core does not use (smart pointers, inheritance, overloads, val, strings).
//
// The C++ half is Emscripten's, unchanged: EMSCRIPTEN_BINDINGS calls the _embind_register_* imports
// below from static constructors while the module starts, in link order, with the arguments 3.1.6's
// src/embind/embind.js takes (the reference for each). A class is installed as Module[name]:
// `new Module.X(...)` constructs, `x.method(...)` calls, `x.delete()` destroys, `x.isDeleted()` tells.
// Calling with the wrong number of arguments, on a deleted object or without `new` throws a
// BindingError, as Embind does.
//
// What a declaration needs and this runtime lacks fails the module's start, never silently: a type no
// _embind_register_* named ("unbound types", with the type IDs), a base class, an overload, a type
// registered twice. The problems are collected while the constructors run and reported through
// Module.ready (so js/core-module.js loadCore rejects), because under MINIMAL_RUNTIME an exception
// thrown during the start would be lost and leave the module pending forever. Bindings needing an
// import not defined here (smart pointers, value objects, std::string, 64-bit integers) fail the link
// as undefined symbols.

mergeInto(LibraryManager.library, {
  // Type ID -> { name, toWire(value), fromWire(wire) }; class types also have .handle, the JS class.
  $embindTypes: {},
  // Registrations waiting for types not registered yet: each a function that returns true once it
  // has finished, with .ids, the type IDs it needs.
  $embindWaiting: [],
  // What the declarations need that this runtime does not do, as messages.
  $embindProblems: [],

  // Once the static constructors have run, every registration must have finished. The factory
  // returns Module.ready, so a rejection here is what createSseCore() returns.
  $embindCheckStart__deps: ['$embindWaiting', '$embindProblems', '$embindTypes'],
  $embindCheckStart__postset: "Module['ready'] = Module['ready'].then(embindCheckStart);",
  $embindCheckStart: function(module) {
    var missing = [];
    embindWaiting.forEach(function(attempt) {
      attempt.ids.forEach(function(id) {
        if (!embindTypes[id] && missing.indexOf(id) < 0) missing.push(id);
      });
    });
    // Type IDs as Embind's no-RTTI build names them: addresses, in hex.
    if (missing.length) embindProblems.push('unbound types ' + missing.map(function(id) { return '0x' + id.toString(16); }).join(', '));
    if (embindProblems.length) {
      var error = new Error('Embind: ' + embindProblems.join('; '));
      error.name = 'BindingError';
      throw error;
    }
    return module;
  },

  $embindError: function(message) {
    var error = new Error(message);
    error.name = 'BindingError';
    throw error;
  },

  $embindReadName: function(address) {
    var name = '';
    while (HEAPU8[address]) name += String.fromCharCode(HEAPU8[address++]);
    return name;
  },

  $embindTypeList: function(count, address) {
    return Array.from(HEAPU32.subarray(address >> 2, (address >> 2) + count));
  },

  $embindRegisterType__deps: ['$embindTypes', '$embindWaiting', '$embindProblems', '$embindCheckStart'],
  $embindRegisterType: function(id, type) {
    if (embindTypes[id]) return void embindProblems.push('type ' + type.name + ' registered twice');
    embindTypes[id] = type;
    // Retry what waited: each try either finishes (and leaves the list) or keeps waiting.
    for (var i = embindWaiting.length; i--;) if (embindWaiting[i]()) embindWaiting.splice(i, 1);
  },

  // Runs done(types) once every ID in ids is registered: now, or at a later registration.
  $embindWhenTypes__deps: ['$embindTypes', '$embindWaiting'],
  $embindWhenTypes: function(ids, done) {
    function attempt() {
      if (!ids.every(function(id) { return embindTypes[id]; })) return false;
      done(ids.map(function(id) { return embindTypes[id]; }));
      return true;
    }
    attempt.ids = ids;
    if (!attempt()) embindWaiting.push(attempt);
  },

  // A JS function that converts its arguments, calls invoker(target, [this,] ...wires) and converts
  // the result. types: [result, this or null, ...arguments].
  $embindInvoker__deps: ['$embindError'],
  $embindInvoker: function(humanName, types, invoker, target) {
    var result = types[0];
    var self = types[1];
    var parameters = types.slice(2);
    var count = parameters.length;
    return function() {
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
  $embindFunction: function(address) {
    return wasmTable.get(address);
  },

  _embind_register_void__deps: ['$embindRegisterType', '$embindReadName'],
  _embind_register_void: function(id, name) {
    embindRegisterType(id, {
      name: embindReadName(name),
      toWire: function() { return undefined; },
      fromWire: function() { return undefined; },
    });
  },

  _embind_register_bool__deps: ['$embindRegisterType', '$embindReadName'],
  _embind_register_bool: function(id, name, size, trueValue, falseValue) {
    embindRegisterType(id, {
      name: embindReadName(name),
      toWire: function(value) { return value ? trueValue : falseValue; },
      fromWire: function(wire) { return !!wire; },
    });
  },

  // 8-, 16- and 32-bit integers: unsigned ones (minRange 0) come back zero-extended from their size,
  // signed ones sign-extended, as embind.js does.
  _embind_register_integer__deps: ['$embindRegisterType', '$embindReadName'],
  _embind_register_integer: function(id, name, size, minRange, maxRange) {
    var shift = 32 - 8 * size;
    embindRegisterType(id, {
      name: embindReadName(name),
      toWire: minRange === 0 ? function(value) { return value >>> 0; } : function(value) { return value; },
      fromWire: minRange === 0 ? function(wire) { return wire << shift >>> shift; }
                               : function(wire) { return wire << shift >> shift; },
    });
  },

  _embind_register_class__deps: [
    '$embindRegisterType', '$embindReadName', '$embindError', '$embindFunction', '$embindProblems'],
  _embind_register_class: function(id, pointerId, constPointerId, baseId, getActualTypeSignature,
                                   getActualType, upcastSignature, upcast, downcastSignature, downcast,
                                   name, destructorSignature, destructor) {
    name = embindReadName(name);
    if (baseId) embindProblems.push('class ' + name + ' has a base class, which cpp/wasm/embind_runtime.js does not support');
    destructor = embindFunction(destructor);

    // The class: `new` calls the constructor registered next (until then, one that throws).
    function Handle() {
      if (!(this instanceof Handle)) embindError("Use 'new' to construct " + name);
      this.$$ptr = Handle.construct.apply(null, arguments);
    }
    Handle.construct = function() { embindError(name + ' has no accessible constructor'); };
    Handle.prototype['delete'] = function() {
      if (!this.$$ptr) embindError(name + ' instance already deleted');
      destructor(this.$$ptr);
      this.$$ptr = 0;
    };
    Handle.prototype['isDeleted'] = function() { return !this.$$ptr; };
    Object.defineProperty(Handle, 'name', { value: name });
    Module[name] = Handle;

    // A class as an argument or `this` is its pointer; as a result (a new handle) it is not supported.
    function toWire(handle) {
      if (!(handle instanceof Handle)) embindError('expected an instance of ' + name);
      if (!handle.$$ptr) embindError('cannot call a method of ' + name + ' on a deleted object');
      return handle.$$ptr;
    }
    function fromWire() { embindError(name + ' as a result is not supported by cpp/wasm/embind_runtime.js'); }
    embindRegisterType(id, { name: name, toWire: toWire, fromWire: fromWire, handle: Handle });
    embindRegisterType(pointerId, { name: name + '*', toWire: toWire, fromWire: fromWire });
    embindRegisterType(constPointerId, { name: name + ' const*', toWire: toWire, fromWire: fromWire });
  },

  // types: [the class pointer (the result), ...arguments]; invoker(constructor, ...wires) -> pointer.
  _embind_register_class_constructor__deps: [
    '$embindWhenTypes', '$embindTypeList', '$embindInvoker', '$embindFunction', '$embindTypes'],
  _embind_register_class_constructor: function(classId, count, typesAddress, invokerSignature, invoker,
                                               constructor) {
    var ids = embindTypeList(count, typesAddress);
    var Handle = embindTypes[classId].handle;
    invoker = embindFunction(invoker);
    embindWhenTypes(ids, function(types) {
      var pointer = { fromWire: function(wire) { return wire; } }; // the raw pointer, kept by the handle
      Handle.construct = embindInvoker('constructor ' + Handle.name, [pointer, null].concat(types.slice(1)),
                                       invoker, constructor);
    });
  },

  // types: [result, this, ...arguments]; invoker(context, this, ...wires) -> result wire.
  _embind_register_class_function__deps: [
    '$embindWhenTypes', '$embindTypeList', '$embindInvoker', '$embindFunction', '$embindReadName',
    '$embindProblems', '$embindTypes'],
  _embind_register_class_function: function(classId, name, count, typesAddress, invokerSignature, invoker,
                                            context, isPureVirtual) {
    var ids = embindTypeList(count, typesAddress);
    var Handle = embindTypes[classId].handle;
    name = embindReadName(name);
    var humanName = Handle.name + '.' + name;
    invoker = embindFunction(invoker);
    if (Handle.prototype.hasOwnProperty(name)) {
      return void embindProblems.push(humanName + ' is overloaded, which cpp/wasm/embind_runtime.js does not support');
    }
    embindWhenTypes(ids, function(types) {
      Handle.prototype[name] = embindInvoker(humanName, types, invoker, context);
    });
  },
});
