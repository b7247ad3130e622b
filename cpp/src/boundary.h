// The JS/Wasm boundary's numbers as C++ types and constants, made from cpp/src/boundary.def (the one
// place they are declared; js/core/boundary.js is generated from the same file).
#ifndef SSE_BOUNDARY_H_
#define SSE_BOUNDARY_H_

#include <cstdint>

namespace sse {

#define SSE_CONSTANT(name, value) constexpr uint32_t name = value;
#include "boundary.def"

// What the caller of the machine must do, in order; each kind's arguments are described in boundary.def.
enum class ActionKind : uint32_t {
#define SSE_ACTION_KIND(name, value) name = value,
#include "boundary.def"
};

// Bits of ActionKind::kDispatchOptions' c: kBubblesFlag, kCancelableFlag.
#define SSE_DISPATCH_FLAG(name, value) constexpr uint32_t name##Flag = value;
#include "boundary.def"

// Why `error` fired.
enum class ErrorReason : uint32_t {
#define SSE_ERROR_REASON(name, value, code) name = value,
#include "boundary.def"
};

// The `code` the error event carries for `reason` ("bad-status"), or "" for a value not declared.
constexpr const char* ErrorReasonCode(ErrorReason reason) {
  switch (reason) {
#define SSE_ERROR_REASON(name, value, code) \
  case ErrorReason::name:                   \
    return code;
#include "boundary.def"
  }
  return "";
}

// Bits of SessionOptions::flags.
#define SSE_CORE_FLAG(name, value) constexpr uint32_t name = value;
#include "boundary.def"

// The words at WasmWorkspace.view() (cpp/wasm/bindings.cc), read by JS through HEAPU32.
struct BatchView {
#define SSE_VIEW_FIELD(name) uint32_t name;
#include "boundary.def"
};

// The words JS writes into the workspace's input buffer before `new WasmEventSource(workspace)`.
struct SessionOptions {
#define SSE_SESSION_OPTION(name) uint32_t name;
#include "boundary.def"
};

}  // namespace sse

#endif  // SSE_BOUNDARY_H_
