// Outcomes of feeding bytes to the stream parser, each with a stable name shown to users.
#ifndef SSE_PARSE_STATUS_H_
#define SSE_PARSE_STATUS_H_

#include <cstddef>
#include <cstdint>

#include "boundary.h"

namespace sse {

enum class ParseStatus : uint8_t {
  kOk = 0,
  kLineTooLong = 1,    // one line passed ParserLimits::max_line_length
  kEventTooLarge = 2,  // one event's data buffer passed ParserLimits::max_event_size
};

// "ok", "line-too-long" or "event-too-large".
const char* ParseStatusName(ParseStatus status);

// Bounds on what the parser buffers. Both count UTF-8 bytes; memory never grows past them by more
// than one line's worth of U+FFFD expansion.
struct ParserLimits {
  size_t max_line_length = kDefaultMaxLineLength;  // 8 MiB: one line, its terminator excluded
  size_t max_event_size = kDefaultMaxEventSize;    // 16 MiB: the data buffer of one event
};

}  // namespace sse

#endif  // SSE_PARSE_STATUS_H_
