// The two event stream formats a parser can read, chosen per stream from its Content-Type.
#ifndef SSE_DIALECT_H_
#define SSE_DIALECT_H_

#include <cstdint>

// 1 where the legacy dialect is compiled in: the native build and the legacy Wasm build. The standard
// Wasm build leaves it out (about 1 KB gzip), and then fails legacy streams as the standard says.
#ifndef SSE_LEGACY_DIALECT
#define SSE_LEGACY_DIALECT 0
#endif

namespace sse {

enum class Dialect : uint8_t {
  kStandard,  // text/event-stream: WHATWG HTML §9.2.6
  kLegacy,    // application/x-dom-event-stream: Opera 9 (2006), see legacy_interpreter.h
};

// Choices within the legacy dialect.
struct LegacyOptions {
  bool strict_line_feeds = false;    // 2006: only LF ends a line, CR is data (default: LF, CR, CRLF)
  bool require_event_field = false;  // 2006: a block without `Event` fires nothing (default: `message`)
};

}  // namespace sse

#endif  // SSE_DIALECT_H_
