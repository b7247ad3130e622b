// What a stream parser reports: dispatched events, last event ID updates and reconnection times.
#ifndef SSE_PARSER_SINK_H_
#define SSE_PARSER_SINK_H_

#include <cstdint>
#include <string_view>

#include "byte_buffer.h"

namespace sse {

// How a legacy event is dispatched at a DOM node (Bubbles, Cancelable and Target fields). Standard
// events keep the defaults, which are also what the standard gives: no bubbling, not cancelable.
struct EventOptions {
  bool bubbles = false;
  bool cancelable = false;
  std::string_view target;  // the Target field ("" when absent)
  // Every byte of the event's data is ASCII: a hint that spares the sink a scan (false: unknown).
  bool data_ascii = false;
};

// Receives what the parser finds. Strings are valid UTF-8 and live only for the duration of the call.
class ParserSink {
 public:
  virtual ~ParserSink() = default;
  // Dispatch step 1 set the event source's last event ID string. Reported only when an `id` field
  // was processed since the previous dispatch (the value may equal the previous one). Other
  // dispatches leave the string as it was, which is what seeding each stream's last event ID buffer
  // with the string would do: a resumed stream's events without `id` keep the id they resumed from,
  // as in browsers, where the standard's text would reset it to "".
  // `last_event_id` is the parser's buffer holding it: the sink may take its memory (move from it)
  // rather than copy a long ID; the parser does not read it again.
  virtual void OnLastEventId(ByteBuffer& last_event_id) = 0;
  // Dispatch an event of type `type` (`message` unless the stream named another; a legacy stream
  // can name the empty type).
  virtual void OnEvent(std::string_view type, std::string_view data, const EventOptions& options) = 0;
  // A `retry` field of ASCII digits set the reconnection time (saturated at kMaxReconnectionTime).
  virtual void OnRetry(uint32_t milliseconds) = 0;

  // The default type, passed as this very view, so a sink can recognise it by address (IsMessage).
  static constexpr std::string_view kMessage = "message";
  static bool IsMessage(std::string_view type) { return type.data() == kMessage.data() || type == kMessage; }

  // The largest reconnection time a `retry` field can set: timers in JS take at most 2^31-1 ms.
  static constexpr uint32_t kMaxReconnectionTime = 0x7FFFFFFF;
};

}  // namespace sse

#endif  // SSE_PARSER_SINK_H_
