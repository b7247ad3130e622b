// Incremental parser for text/event-stream bytes: WHATWG HTML §9.2.6 "Interpreting an event stream".
#ifndef SSE_STREAM_PARSER_H_
#define SSE_STREAM_PARSER_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "parse_status.h"

namespace sse {

// Receives what the parser finds. Strings are valid UTF-8 and live only for the duration of the call.
class ParserSink {
 public:
  virtual ~ParserSink() = default;
  // Dispatch step 1 set the event source's last event ID string. Reported only when an `id` field
  // was processed since the previous dispatch (the value may equal the previous one). Other
  // dispatches leave the string as it was, which is what seeding each stream's last event ID buffer
  // with the string would do: a resumed stream's events without `id` keep the id they resumed from,
  // as in browsers, where the standard's text would reset it to "".
  virtual void OnLastEventId(std::string_view last_event_id) = 0;
  // Dispatch an event. `type` is the event type buffer ("" means `message`); `data` has had its one
  // trailing LF removed (so a lone `data` line dispatches an event whose data is "").
  virtual void OnEvent(std::string_view type, std::string_view data) = 0;
  // A `retry` field of ASCII digits set the reconnection time (saturated at kMaxReconnectionTime).
  virtual void OnRetry(uint32_t milliseconds) = 0;
};

// Parses one response body at a time; Reset() starts the next one. Pure: bytes in, sink calls out.
class StreamParser {
 public:
  // The largest reconnection time a `retry` field can set: timers in JS take at most 2^31-1 ms.
  static constexpr uint32_t kMaxReconnectionTime = 0x7FFFFFFF;

  StreamParser(ParserLimits limits, ParserSink* sink);

  // Starts a new stream (the next response body): empties the buffers and re-arms the BOM check.
  void Reset();

  // Parses `size` more bytes. Chunks may split anything (BOM, CRLF, UTF-8 sequences). Returns kOk,
  // or the error that stopped the parser; once stopped, it ignores input until Reset().
  ParseStatus Feed(const uint8_t* data, size_t size);

  ParseStatus status() const { return status_; }
  // True between events: no partial line and no field of an undispatched event is buffered, so
  // ending the stream here drops nothing.
  bool AtEventBoundary() const;
  // What the parser holds between chunks; never more than the limits (the fuzzer checks).
  size_t buffered_data_bytes() const { return data_buffer_.size(); }
  size_t buffered_line_bytes() const { return line_.size(); }

 private:
  size_t SkipByteOrderMark(const uint8_t* data, size_t size);
  void FeedLines(const uint8_t* data, size_t size);
  void ProcessLine(std::string_view line);
  void ProcessField(std::string_view name, std::string_view value);
  void AppendData(std::string_view value);
  void DispatchEvent();
  void Fail(ParseStatus status);

  const ParserLimits limits_;
  ParserSink* const sink_;
  ParseStatus status_ = ParseStatus::kOk;

  // The three buffers the standard associates with a stream.
  std::string data_buffer_;
  std::string event_type_buffer_;
  std::string last_event_id_buffer_;
  bool last_event_id_set_ = false;  // an `id` field was processed since the last dispatch

  std::string line_;           // the unfinished line carried over from earlier chunks
  bool skip_next_lf_ = false;  // the last line ended at CR: an LF right after it is part of that end
  uint8_t bom_matched_ = 0;    // bytes of a leading BOM seen so far
  bool bom_checked_ = false;   // the stream start has been decided: BOM stripped or absent
};

}  // namespace sse

#endif  // SSE_STREAM_PARSER_H_
