// Embind's builtin types, only those cpp/wasm/bindings.cc uses: links instead of libembind's bind.cpp.
//
// libembind (what --bind / -lembind links) registers every builtin type whether used or not (wstring,
// u16/u32 strings, val, memory views, floats, 64-bit integers), and its __getTypeName formats with
// sprintf. build.sh links this file instead, with cpp/wasm/embind_runtime.js as Embind's JS half, and
// compiles everything with -fno-rtti and -DEMSCRIPTEN_HAS_UNBOUND_TYPE_NAMES=0, as libembind's no-RTTI
// variant is (type IDs are addresses, not std::type_info, so no RTTI runtime is linked either).
//
// A type bindings.cc starts to use must be registered here, and converted by embind_runtime.js: until
// then the methods using it throw "unbound types" and js/core/core-module.js fails the core's load.
#include <emscripten/bind.h>

#include <limits>

namespace {

using emscripten::internal::TypeID;

template <typename T>
void RegisterInteger(const char* name) {
  emscripten::internal::_embind_register_integer(TypeID<T>::get(), name, sizeof(T), std::numeric_limits<T>::min(),
                                                 std::numeric_limits<T>::max());
}

// Priority 101 (the first a program may use): before EMSCRIPTEN_BINDINGS' default-priority
// constructors, so embind_runtime.js knows every builtin type before a declaration names it.
__attribute__((constructor(101))) void RegisterBuiltinTypes() {
  emscripten::internal::_embind_register_void(TypeID<void>::get(), "void");
  emscripten::internal::_embind_register_bool(TypeID<bool>::get(), "bool", sizeof(bool), true, false);
  RegisterInteger<int>("int");
  RegisterInteger<unsigned int>("unsigned int");
  RegisterInteger<unsigned long>("unsigned long");
}

}  // namespace
