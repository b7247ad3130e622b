// The lines of an application/x-dom-event-stream (Opera 9, 2006 "Server-sent DOM events"), to events.
//
// Differences from the standard dialect: `;` starts a comment and `:` an ignored "command" line; any
// field repeated in a block joins its values with LF; `Event` names the event, `data` fills its data,
// `Bubbles`, `Cancelable` and `Target` say how it is dispatched at DOM nodes; there is no `id` and no
// `retry`. A block with fields but no `Event` is a `message` (the 2007 rule) or, with
// LegacyOptions::require_event_field, fires nothing (2006).
#ifndef SSE_LEGACY_INTERPRETER_H_
#define SSE_LEGACY_INTERPRETER_H_

#include <string_view>

#include "byte_buffer.h"
#include "dialect.h"
#include "parse_status.h"
#include "parser_sink.h"

namespace sse {

class LegacyInterpreter {
 public:
  LegacyInterpreter(const ParserLimits& limits, LegacyOptions options, ParserSink* sink);
  // Part of one StreamParser, reporting to its sink: never copied or moved (see StreamParser).
  LegacyInterpreter(const LegacyInterpreter&) = delete;
  LegacyInterpreter& operator=(const LegacyInterpreter&) = delete;
  LegacyInterpreter(LegacyInterpreter&&) = delete;
  LegacyInterpreter& operator=(LegacyInterpreter&&) = delete;

  // One line, its terminator removed. Returns kOk or the error that stops the stream.
  ParseStatus ProcessLine(std::string_view line);
  // No field of an undispatched block is buffered.
  bool AtEventBoundary() const { return !has_fields_; }
  // Bytes buffered for the block being read; never more than ParserLimits::max_event_size.
  size_t buffered_event_bytes() const { return buffered_; }

 private:
  // A field the dispatch looks at; repeated ones join with LF.
  struct Field {
    ByteBuffer value;
    bool present = false;
  };

  ParseStatus AddField(std::string_view name, std::string_view value);
  void DispatchBlock();

  const size_t max_event_size_;  // bytes of all buffered fields of one block
  const LegacyOptions options_;
  ParserSink* const sink_;
  Field event_, data_, bubbles_, cancelable_, target_;
  bool has_fields_ = false;  // the block has at least one field, known or not
  size_t buffered_ = 0;
};

}  // namespace sse

#endif  // SSE_LEGACY_INTERPRETER_H_
