// The lines of a text/event-stream, interpreted as WHATWG HTML §9.2.6 says: fields, then dispatch.
#ifndef SSE_STANDARD_INTERPRETER_H_
#define SSE_STANDARD_INTERPRETER_H_

#include <string_view>

#include "byte_buffer.h"
#include "parse_status.h"
#include "parser_sink.h"

namespace sse {

class StandardInterpreter {
 public:
  // `line_storage`: the parser's buffer for a line carried over chunk ends; an `id` value lying in it
  // has its memory taken (the value moved to its front and the buffers swapped) instead of copied, so an
  // id at the limit is held once, then given to the sink (which may take it too), not copied twice.
  StandardInterpreter(const ParserLimits& limits, ParserSink* sink, ByteBuffer* line_storage);
  // Part of one StreamParser, reporting to its sink: never copied or moved (see StreamParser).
  StandardInterpreter(const StandardInterpreter&) = delete;
  StandardInterpreter& operator=(const StandardInterpreter&) = delete;
  StandardInterpreter(StandardInterpreter&&) = delete;
  StandardInterpreter& operator=(StandardInterpreter&&) = delete;

  // One line, its terminator removed. `ascii`: every byte of it is ASCII. It lies in memory that stays as
  // it is until EndOfChunk() (the chunk being fed, or the parser's finished line), so a view of it may be
  // kept until then. Returns kOk or the error that stops the stream.
  ParseStatus ProcessLine(std::string_view line, bool ascii);
  // The fast path for the most common event of all, one `data:` line and a blank line, both in the chunk:
  // dispatches it at once and returns true when the line (its terminator removed) is such a data line and
  // nothing else of the event is buffered but its type or id; otherwise does nothing and returns false.
  bool DispatchDataLine(std::string_view line, bool ascii);
  // The chunk being fed ends: data still referring to it is copied into the data buffer.
  void EndOfChunk() { MaterializePendingData(); }
  // No field of an undispatched event is buffered.
  bool AtEventBoundary() const;
  // Bytes buffered for the event being read; never more than ParserLimits::max_event_size.
  size_t buffered_event_bytes() const { return data_buffer_.size() + (pending_data_ ? pending_value_.size() + 1 : 0); }

 private:
  void ProcessField(std::string_view name, std::string_view value, bool ascii);
  void AppendData(std::string_view value, bool ascii);
  void MaterializePendingData();
  void DispatchEvent();

  const size_t max_event_size_;
  ParserSink* const sink_;
  ByteBuffer* const line_storage_;
  ParseStatus status_ = ParseStatus::kOk;
  // The three buffers the standard associates with a stream. The data buffer has two forms: while an
  // event has one data line that lies in the current chunk, that line is not copied (`pending_data_`:
  // the buffer is conceptually pending_value_ + LF); most events are one `data:` line in one chunk, and
  // are dispatched straight from the input.
  ByteBuffer data_buffer_;
  std::string_view pending_value_;
  bool pending_data_ = false;
  bool data_ascii_ = true;  // every byte of the data buffer is ASCII
  ByteBuffer event_type_buffer_;
  ByteBuffer last_event_id_buffer_;
  bool last_event_id_set_ = false;  // an `id` field was processed since the last dispatch
};

}  // namespace sse

#endif  // SSE_STANDARD_INTERPRETER_H_
