// Incremental text/event-stream parser (WHATWG HTML §9.2.6 "Interpreting an event stream").
#include "stream_parser.h"

#include <cstring>

#include "utf8.h"

namespace sse {
namespace {

constexpr uint8_t kByteOrderMark[3] = {0xEF, 0xBB, 0xBF};

// Buffers that grew past this are released after use, so one huge event does not pin its memory.
constexpr size_t kRetainedCapacity = size_t{1} << 20;

// True when some byte of `word` is zero (the classic SWAR test).
inline bool HasZeroByte(uint64_t word) {
  return ((word - 0x0101010101010101ULL) & ~word & 0x8080808080808080ULL) != 0;
}

// The first CR or LF in [p, end), or `end`. Eight bytes per step: lines are long relative to the
// two terminators, and this scan touches every byte of the stream.
const uint8_t* FindLineEnd(const uint8_t* p, const uint8_t* end) {
  for (; end - p >= 8; p += 8) {
    uint64_t word;
    std::memcpy(&word, p, 8);
    if (HasZeroByte(word ^ 0x0A0A0A0A0A0A0A0AULL) || HasZeroByte(word ^ 0x0D0D0D0D0D0D0D0DULL)) break;
  }
  for (; p < end; ++p) {
    if (*p == '\n' || *p == '\r') return p;
  }
  return end;
}

void Release(std::string& buffer) {
  if (buffer.capacity() > kRetainedCapacity) {
    std::string().swap(buffer);
  } else {
    buffer.clear();
  }
}

// [spec] "If the field value consists of only ASCII digits, then interpret the field value as an
// integer in base ten" (saturating: a value too large for a timer means "as late as possible").
bool ParseRetry(std::string_view value, uint32_t* milliseconds) {
  if (value.empty()) return false;
  uint64_t result = 0;
  for (char c : value) {
    if (c < '0' || c > '9') return false;
    result = result * 10 + static_cast<uint64_t>(c - '0');
    if (result > StreamParser::kMaxReconnectionTime) result = StreamParser::kMaxReconnectionTime;
  }
  *milliseconds = static_cast<uint32_t>(result);
  return true;
}

}  // namespace

StreamParser::StreamParser(ParserLimits limits, ParserSink* sink) : limits_(limits), sink_(sink) {}

void StreamParser::Reset() {
  status_ = ParseStatus::kOk;
  Release(data_buffer_);
  Release(line_);
  event_type_buffer_.clear();
  last_event_id_buffer_.clear();
  last_event_id_set_ = false;
  skip_next_lf_ = false;
  bom_matched_ = 0;
  bom_checked_ = false;
}

bool StreamParser::AtEventBoundary() const {
  return status_ == ParseStatus::kOk && line_.empty() && data_buffer_.empty() && event_type_buffer_.empty() &&
         !last_event_id_set_;
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
    const uint8_t* eol = FindLineEnd(p, end);
    size_t piece = static_cast<size_t>(eol - p);
    if (line_.size() + piece > limits_.max_line_length) return Fail(ParseStatus::kLineTooLong);
    if (eol == end) {  // an unfinished line: keep it for the next chunk
      line_.append(reinterpret_cast<const char*>(p), piece);
      return;
    }
    if (line_.empty()) {  // the whole line is in this chunk: parse it in place
      ProcessLine(std::string_view(reinterpret_cast<const char*>(p), piece));
    } else {
      line_.append(reinterpret_cast<const char*>(p), piece);
      ProcessLine(line_);
      Release(line_);
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
  // [spec] "If the line is empty (a blank line): Dispatch the event."
  if (line.empty()) return DispatchEvent();
  // [spec] "If the line starts with a U+003A COLON character (:): Ignore the line."
  if (line.front() == ':') return;
  // [spec] Field name up to the first colon; value after it, one leading U+0020 SPACE removed.
  // A line without a colon is a field whose value is the empty string.
  const void* colon = std::memchr(line.data(), ':', line.size());
  if (colon == nullptr) return ProcessField(line, std::string_view());
  size_t name_length = static_cast<size_t>(static_cast<const char*>(colon) - line.data());
  std::string_view value = line.substr(name_length + 1);
  if (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  ProcessField(line.substr(0, name_length), value);
}

// [spec] "Process the field": names compare literally (case-sensitive); unknown names are ignored.
void StreamParser::ProcessField(std::string_view name, std::string_view value) {
  if (name == "data") {
    AppendData(value);
  } else if (name == "event") {
    event_type_buffer_.clear();
    AppendDecodedUtf8(event_type_buffer_, value);
  } else if (name == "id") {
    // [spec] "If the field value does not contain U+0000 NULL, then set the last event ID buffer
    // to the field value. Otherwise, ignore the field."
    if (value.find('\0') != std::string_view::npos) return;
    last_event_id_buffer_.clear();
    AppendDecodedUtf8(last_event_id_buffer_, value);
    last_event_id_set_ = true;
  } else if (name == "retry") {
    uint32_t milliseconds;
    if (ParseRetry(value, &milliseconds)) sink_->OnRetry(milliseconds);
  }
}

// [spec] "Append the field value to the data buffer, then append a single U+000A LINE FEED (LF)".
void StreamParser::AppendData(std::string_view value) {
  // The decoded value and its LF must fit: the buffer never holds more than max_event_size bytes.
  if (limits_.max_event_size == 0 ||
      !AppendDecodedUtf8(data_buffer_, value, limits_.max_event_size - 1)) {
    return Fail(ParseStatus::kEventTooLarge);
  }
  data_buffer_.push_back('\n');
}

// [spec] "Dispatch the event" (steps for web browsers).
void StreamParser::DispatchEvent() {
  // 1. Set the last event ID string of the event source to the value of the last event ID buffer.
  if (last_event_id_set_) {
    sink_->OnLastEventId(last_event_id_buffer_);
    last_event_id_set_ = false;
  }
  // 2. If the data buffer is empty, set the data and event type buffers to "" and return.
  if (data_buffer_.empty()) {
    event_type_buffer_.clear();
    return;
  }
  // 3. If the data buffer's last character is a LF, remove it (it always is: see AppendData).
  data_buffer_.pop_back();
  // 4-6 and 8. The sink creates the event, types it ("" means message) and queues it.
  sink_->OnEvent(event_type_buffer_, data_buffer_);
  // 7. Set the data buffer and the event type buffer to the empty string.
  Release(data_buffer_);
  event_type_buffer_.clear();
}

void StreamParser::Fail(ParseStatus status) {
  status_ = status;
  // Nothing more is parsed until Reset(): free what the rejected input filled.
  std::string().swap(data_buffer_);
  std::string().swap(line_);
  event_type_buffer_.clear();
}

}  // namespace sse
