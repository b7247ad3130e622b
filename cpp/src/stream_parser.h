// Incremental event stream parser: splits bytes into lines and hands them to the dialect's interpreter.
#ifndef SSE_STREAM_PARSER_H_
#define SSE_STREAM_PARSER_H_

#include <cstddef>
#include <cstdint>

#include "byte_buffer.h"
#include "dialect.h"
#include "parse_status.h"
#include "parser_sink.h"
#include "standard_interpreter.h"
#if SSE_LEGACY_DIALECT
#include "legacy_interpreter.h"
#endif

namespace sse {

// Parses one response body (a "stream"); each body gets a parser of its own. What is shared by both
// dialects lives here: the BOM at stream start, line ends across chunks, the line length limit.
// Pure: bytes in, sink calls out. Built without SSE_LEGACY_DIALECT (the standard Wasm build), the legacy
// dialect is absent and Dialect::kLegacy parses as the standard one.
class StreamParser {
 public:
  static constexpr uint32_t kMaxReconnectionTime = ParserSink::kMaxReconnectionTime;

  StreamParser(ParserLimits limits, ParserSink* sink, Dialect dialect = Dialect::kStandard, LegacyOptions legacy = {});
  // Neither copied nor moved: its sink is often its owner (EventSourceMachine), which a copy would
  // outlive, and its interpreters may hold views of its own line buffer during Feed().
  StreamParser(const StreamParser&) = delete;
  StreamParser& operator=(const StreamParser&) = delete;
  StreamParser(StreamParser&&) = delete;
  StreamParser& operator=(StreamParser&&) = delete;

  // Parses `size` more bytes. Chunks may split anything (BOM, CRLF, UTF-8 sequences). Returns kOk,
  // or the error that stopped the parser; once stopped, it ignores further input. Nothing refers to
  // `data` after the call returns.
  ParseStatus Feed(const uint8_t* data, size_t size);

  ParseStatus status() const { return status_; }
  // True between events: no partial line and no field of an undispatched event is buffered, so
  // ending the stream here drops nothing.
  bool AtEventBoundary() const;
  // What the parser holds between chunks; never more than the limits (the fuzzer checks).
  size_t buffered_line_bytes() const { return line_.size(); }
  size_t buffered_event_bytes() const;

 private:
  size_t SkipByteOrderMark(const uint8_t* data, size_t size);
  void FeedLines(const uint8_t* data, size_t size);
  void ProcessLine(std::string_view line, bool ascii);
  void Fail(ParseStatus status);
  bool legacy() const;

  const size_t max_line_length_;
  const bool cr_ends_lines_;  // false only for the legacy dialect's strict-LF option
  StandardInterpreter standard_;
#if SSE_LEGACY_DIALECT
  const bool legacy_dialect_;
  LegacyInterpreter legacy_;
#endif
  ParseStatus status_ = ParseStatus::kOk;

  ByteBuffer line_;  // the unfinished line carried over from earlier chunks
  // A carried-over line once finished, kept until the end of the Feed call: the interpreter may dispatch
  // its data in place (a 256 KiB line arriving in 1.5 KiB chunks is then copied once less), or take its
  // memory for an `id` (StandardInterpreter's line storage), leaving it another buffer's.
  ByteBuffer finished_line_;
  bool line_ascii_ = true;     // every byte of line_ is ASCII
  bool skip_next_lf_ = false;  // the last line ended at CR: an LF right after it is part of that end
  uint8_t bom_matched_ = 0;    // bytes of a leading BOM seen so far
  bool bom_checked_ = false;   // the stream start has been decided: BOM stripped or absent
};

}  // namespace sse

#endif  // SSE_STREAM_PARSER_H_
