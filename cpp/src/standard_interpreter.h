// The lines of a text/event-stream, interpreted as WHATWG HTML §9.2.6 says: fields, then dispatch.
#ifndef SSE_STANDARD_INTERPRETER_H_
#define SSE_STANDARD_INTERPRETER_H_

#include <string>
#include <string_view>

#include "parse_status.h"
#include "parser_sink.h"

namespace sse {

class StandardInterpreter {
 public:
  StandardInterpreter(const ParserLimits& limits, ParserSink* sink);

  // One line, its terminator removed. Returns kOk or the error that stops the stream.
  ParseStatus ProcessLine(std::string_view line);
  // No field of an undispatched event is buffered.
  bool AtEventBoundary() const;
  // Bytes buffered for the event being read; never more than ParserLimits::max_event_size.
  size_t buffered_event_bytes() const { return data_buffer_.size(); }

 private:
  void ProcessField(std::string_view name, std::string_view value);
  void DispatchEvent();

  const size_t max_event_size_;
  ParserSink* const sink_;
  ParseStatus status_ = ParseStatus::kOk;
  // The three buffers the standard associates with a stream.
  std::string data_buffer_;
  std::string event_type_buffer_;
  std::string last_event_id_buffer_;
  bool last_event_id_set_ = false;  // an `id` field was processed since the last dispatch
};

}  // namespace sse

#endif  // SSE_STANDARD_INTERPRETER_H_
