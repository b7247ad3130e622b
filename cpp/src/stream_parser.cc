// Incremental event stream parser: BOM, line ends and line limit, shared by both dialects.
#include "stream_parser.h"

#include <cstring>

namespace sse {
namespace {

constexpr uint8_t kByteOrderMark[3] = {0xEF, 0xBB, 0xBF};

// A line buffer that grew past this is released after use, so one huge line does not pin its memory.
constexpr size_t kRetainedCapacity = size_t{1} << 20;

// True when some byte of `word` is zero (the classic SWAR test).
inline bool HasZeroByte(uint64_t word) {
  return ((word - 0x0101010101010101ULL) & ~word & 0x8080808080808080ULL) != 0;
}

// The first LF, or CR when CR ends lines, in [p, end), or `end`. Eight bytes per step: lines are
// long relative to the terminators, and this scan touches every byte of the stream.
const uint8_t* FindLineEnd(const uint8_t* p, const uint8_t* end, bool cr_ends_lines) {
  const uint64_t cr_pattern = cr_ends_lines ? 0x0D0D0D0D0D0D0D0DULL : 0x0A0A0A0A0A0A0A0AULL;
  const uint8_t cr = cr_ends_lines ? '\r' : '\n';
  for (; end - p >= 8; p += 8) {
    uint64_t word;
    std::memcpy(&word, p, 8);
    if (HasZeroByte(word ^ 0x0A0A0A0A0A0A0A0AULL) || HasZeroByte(word ^ cr_pattern)) break;
  }
  for (; p < end; ++p) {
    if (*p == '\n' || *p == cr) return p;
  }
  return end;
}

std::variant<StandardInterpreter, LegacyInterpreter> MakeInterpreter(const ParserLimits& limits, ParserSink* sink,
                                                                     Dialect dialect, LegacyOptions legacy) {
  if (dialect == Dialect::kLegacy) {
    return std::variant<StandardInterpreter, LegacyInterpreter>(std::in_place_type<LegacyInterpreter>, limits, legacy,
                                                                sink);
  }
  return std::variant<StandardInterpreter, LegacyInterpreter>(std::in_place_type<StandardInterpreter>, limits, sink);
}

}  // namespace

StreamParser::StreamParser(ParserLimits limits, ParserSink* sink, Dialect dialect, LegacyOptions legacy)
    : max_line_length_(limits.max_line_length),
      cr_ends_lines_(!(dialect == Dialect::kLegacy && legacy.strict_line_feeds)),
      interpreter_(MakeInterpreter(limits, sink, dialect, legacy)) {}

bool StreamParser::AtEventBoundary() const {
  return status_ == ParseStatus::kOk && line_.empty() &&
         std::visit([](const auto& interpreter) { return interpreter.AtEventBoundary(); }, interpreter_);
}

size_t StreamParser::buffered_event_bytes() const {
  return std::visit([](const auto& interpreter) { return interpreter.buffered_event_bytes(); }, interpreter_);
}

ParseStatus StreamParser::Feed(const uint8_t* data, size_t size) {
  if (status_ != ParseStatus::kOk) return status_;
  if (!bom_checked_) {
    size_t used = SkipByteOrderMark(data, size);
    data += used;
    size -= used;
    if (!bom_checked_) return status_;  // all bytes so far may still be a BOM
  }
  FeedLines(data, size);
  return status_;
}

// [spec] UTF-8 decode strips one leading BOM. Consumes the bytes that belong to a BOM and returns
// their count; when the stream turns out not to start with one, the held bytes are parsed as data.
size_t StreamParser::SkipByteOrderMark(const uint8_t* data, size_t size) {
  size_t i = 0;
  while (i < size && bom_matched_ < 3) {
    if (data[i] != kByteOrderMark[bom_matched_]) {
      bom_checked_ = true;
      size_t held = bom_matched_;
      bom_matched_ = 0;
      FeedLines(kByteOrderMark, held);
      return i;
    }
    ++bom_matched_;
    ++i;
  }
  if (bom_matched_ == 3) bom_checked_ = true;
  return i;
}

// [spec] Lines end at CRLF, at LF, or at CR. A CR ends its line at once; whether an LF follows is
// decided by the next byte, which may come in a later chunk (`skip_next_lf_`).
void StreamParser::FeedLines(const uint8_t* data, size_t size) {
  const uint8_t* p = data;
  const uint8_t* const end = data + size;
  if (skip_next_lf_ && p < end) {
    if (*p == '\n') ++p;
    skip_next_lf_ = false;
  }
  while (p < end && status_ == ParseStatus::kOk) {
    const uint8_t* eol = FindLineEnd(p, end, cr_ends_lines_);
    size_t piece = static_cast<size_t>(eol - p);
    if (line_.size() + piece > max_line_length_) return Fail(ParseStatus::kLineTooLong);
    if (eol == end) {  // an unfinished line: keep it for the next chunk
      line_.append(reinterpret_cast<const char*>(p), piece);
      return;
    }
    if (line_.empty()) {  // the whole line is in this chunk: parse it in place
      ProcessLine(std::string_view(reinterpret_cast<const char*>(p), piece));
    } else {
      line_.append(reinterpret_cast<const char*>(p), piece);
      ProcessLine(line_);
      if (line_.capacity() > kRetainedCapacity) {
        std::string().swap(line_);
      } else {
        line_.clear();
      }
    }
    p = eol + 1;
    if (*eol == '\r') {
      if (p == end) {
        skip_next_lf_ = true;
      } else if (*p == '\n') {
        ++p;
      }
    }
  }
}

void StreamParser::ProcessLine(std::string_view line) {
  ParseStatus status = std::visit([line](auto& interpreter) { return interpreter.ProcessLine(line); }, interpreter_);
  if (status != ParseStatus::kOk) Fail(status);
}

void StreamParser::Fail(ParseStatus status) {
  status_ = status;
  std::string().swap(line_);  // nothing more is parsed: free what the rejected input filled
}

}  // namespace sse
