// Embind's builtin types, only those cpp/src/bindings.cc uses: links instead of libembind's bind.cpp.
//
// libembind (what --bind / -lembind links) registers every builtin type whether used or not (wstring,
// u16/u32 strings, val, memory views, floats, 64-bit integers), which keeps their JS in the glue, and
// its __getTypeName formats with sprintf. build.sh links Emscripten's own embind.js and emval.js as JS
// libraries instead, with this file, and compiles everything with -fno-rtti and
// -DEMSCRIPTEN_HAS_UNBOUND_TYPE_NAMES=0, as libembind's no-RTTI variant is (type IDs are addresses,
// not std::type_info, so no RTTI runtime is linked either).
//
// A type bindings.cc starts to use must be registered here too: Embind then fails the module's start
// ("unbound types"), and every EventSource reports core-unavailable. std::string would be
// _embind_register_std_string(TypeID<std::string>::get(), "std::string").
#include <emscripten/bind.h>
#include <emscripten/emscripten.h>

#include <cstdint>
#include <cstdlib>
#include <limits>

namespace {

using emscripten::internal::TypeID;

// The names matter: embind.js reads "unsigned" in them as the sign of the type.
template <typename T>
void RegisterInteger(const char* name) {
  emscripten::internal::_embind_register_integer(TypeID<T>::get(), name, sizeof(T), std::numeric_limits<T>::min(),
                                                 std::numeric_limits<T>::max());
}

__attribute__((constructor)) void RegisterBuiltinTypes() {
  emscripten::internal::_embind_register_void(TypeID<void>::get(), "void");
  emscripten::internal::_embind_register_bool(TypeID<bool>::get(), "bool", sizeof(bool), true, false);
  RegisterInteger<int>("int");
  RegisterInteger<unsigned int>("unsigned int");
  RegisterInteger<unsigned long>("unsigned long");
}

}  // namespace

// embind.js asks for a type's name only to report an unbound type, and frees it. Without RTTI a type
// has no name: its ID in hex, written by hand (sprintf would link printf).
extern "C" EMSCRIPTEN_KEEPALIVE char* __getTypeName(const void* type) {
  constexpr int kDigits = 2 * sizeof(uintptr_t);
  char* name = static_cast<char*>(std::malloc(kDigits + 3));
  if (name == nullptr) return nullptr;
  const uintptr_t id = reinterpret_cast<uintptr_t>(type);
  name[0] = '0';
  name[1] = 'x';
  for (int i = 0; i < kDigits; ++i) name[2 + i] = "0123456789abcdef"[(id >> (4 * (kDigits - 1 - i))) & 0xf];
  name[kDigits + 2] = '\0';
  return name;
}
