// Incremental event stream parser: BOM, line ends and line limit, shared by both dialects.
#include "stream_parser.h"

#include <cstring>
#include <utility>

namespace sse {
namespace {

constexpr uint8_t kByteOrderMark[3] = {0xEF, 0xBB, 0xBF};
constexpr uint64_t kHighBits = 0x8080808080808080ULL;

// The spare line buffer (finished_line_) keeps at most this much between chunks.
constexpr size_t kRetainedSpareCapacity = size_t{4} << 10;

// The bytes of `word` that are zero, as their high bits (the classic SWAR test). Bits above the lowest
// zero byte may be false positives; the lowest set bit is always exact, which is all FindLineEnd uses.
inline uint64_t ZeroBytes(uint64_t word) { return (word - 0x0101010101010101ULL) & ~word & kHighBits; }

// The first LF, or CR when CR ends lines, in [p, end), or `end`; `*ascii` tells whether the bytes before
// it are all ASCII. Eight bytes per step, and one pass: this scan touches every byte of the stream, and
// knowing a line is ASCII spares every later step (validation, UTF-16 counting) a pass of its own. The
// terminator's place in its word comes from the zero-byte mask (no byte loop: FeedLines was 21% of the
// tiny-event profile with one).
inline const uint8_t* FindLineEnd(const uint8_t* p, const uint8_t* end, bool cr_ends_lines, bool* ascii) {
  const uint64_t cr_pattern = cr_ends_lines ? 0x0D0D0D0D0D0D0D0DULL : 0x0A0A0A0A0A0A0A0AULL;
  uint64_t high = 0;
  for (; end - p >= 8; p += 8) {
    uint64_t word;
    std::memcpy(&word, p, 8);
    const uint64_t terminators = ZeroBytes(word ^ 0x0A0A0A0A0A0A0A0AULL) | ZeroBytes(word ^ cr_pattern);
    if (terminators != 0) {
      const unsigned offset = static_cast<unsigned>(__builtin_ctzll(terminators)) >> 3;
      const uint64_t before = offset == 0 ? 0 : word & (~uint64_t{0} >> (64 - 8 * offset));
      *ascii = ((high | before) & kHighBits) == 0;
      return p + offset;
    }
    high |= word;
  }
  const uint8_t cr = cr_ends_lines ? '\r' : '\n';
  uint32_t tail = 0;
  for (; p < end; ++p) {
    const uint8_t c = *p;
    if (c == '\n' || c == cr) break;
    tail |= c;
  }
  *ascii = ((high & kHighBits) | (tail & 0x80)) == 0;
  return p;
}

// When the line terminator at `eol` is LF followed by LF, or CRLF followed by CRLF, within [eol, end):
// the length of both terminators (2 or 4); otherwise 0.
inline size_t BlankLineAfter(const uint8_t* eol, const uint8_t* end) {
  if (end - eol >= 2 && eol[0] == '\n' && eol[1] == '\n') return 2;
  if (end - eol >= 4 && eol[0] == '\r' && eol[1] == '\n' && eol[2] == '\r' && eol[3] == '\n') return 4;
  return 0;
}

}  // namespace

StreamParser::StreamParser(ParserLimits limits, ParserSink* sink, Dialect dialect, LegacyOptions legacy)
    : max_line_length_(limits.max_line_length),
#if SSE_LEGACY_DIALECT
      cr_ends_lines_(!(dialect == Dialect::kLegacy && legacy.strict_line_feeds)),
      standard_(limits, sink, &finished_line_),
      legacy_dialect_(dialect == Dialect::kLegacy),
      legacy_(limits, legacy, sink) {
}
#else
      cr_ends_lines_(true),
      standard_(limits, sink, &finished_line_) {
  static_cast<void>(dialect);
  static_cast<void>(legacy);
}
#endif

bool StreamParser::legacy() const {
#if SSE_LEGACY_DIALECT
  return legacy_dialect_;
#else
  return false;
#endif
}

bool StreamParser::AtEventBoundary() const {
  if (status_ != ParseStatus::kOk || !line_.empty()) return false;
#if SSE_LEGACY_DIALECT
  if (legacy_dialect_) return legacy_.AtEventBoundary();
#endif
  return standard_.AtEventBoundary();
}

size_t StreamParser::buffered_event_bytes() const {
#if SSE_LEGACY_DIALECT
  if (legacy_dialect_) return legacy_.buffered_event_bytes();
#endif
  return standard_.buffered_event_bytes();
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
  // Data the standard interpreter still refers to in place lives in `data` or finished_line_: it copies
  // it now. The finished line's storage is then spare, kept only while small.
  if (!legacy()) standard_.EndOfChunk();
  finished_line_.ClearAndTrim(kRetainedSpareCapacity);
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
    bool ascii;
    const uint8_t* eol = FindLineEnd(p, end, cr_ends_lines_, &ascii);
    size_t piece = static_cast<size_t>(eol - p);
    if (line_.size() + piece > max_line_length_) return Fail(ParseStatus::kLineTooLong);
    if (eol == end) {  // an unfinished line: keep it for the next chunk
      line_.append(reinterpret_cast<const char*>(p), piece);
      line_ascii_ = line_ascii_ && ascii;
      return;
    }
    if (line_.empty()) {  // the whole line is in this chunk: parse it in place
      std::string_view line(reinterpret_cast<const char*>(p), piece);
      // `data: ...` LF LF or CRLF CRLF, the shape of most events: the blank line need not be scanned
      // for, and the event goes out at once (npm run bench, tiny events).
      const size_t blank = BlankLineAfter(eol, end);
      if (blank != 0 && !legacy() && standard_.DispatchDataLine(line, ascii)) {
        p = eol + blank;
        continue;
      }
      ProcessLine(line, ascii);
    } else {
      line_.append(reinterpret_cast<const char*>(p), piece);
      // line_ takes the spare storage; the line stays put until Feed ends. Only the first line of a Feed
      // can have been carried over (the held BOM bytes fed first hold no line end), so this happens at
      // most once per Feed and nothing overwrites the finished line before EndOfChunk.
      line_.Swap(finished_line_);
      line_.clear();
      ProcessLine(finished_line_.view(), line_ascii_ && ascii);
      line_ascii_ = true;
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

void StreamParser::ProcessLine(std::string_view line, bool ascii) {
  ParseStatus status;
#if SSE_LEGACY_DIALECT
  if (legacy_dialect_) {
    status = legacy_.ProcessLine(line);
  } else {
    status = standard_.ProcessLine(line, ascii);
  }
#else
  status = standard_.ProcessLine(line, ascii);
#endif
  if (status != ParseStatus::kOk) Fail(status);
}

void StreamParser::Fail(ParseStatus status) {
  status_ = status;
  line_.Release();  // nothing more is parsed: free what the rejected input filled
}

}  // namespace sse
