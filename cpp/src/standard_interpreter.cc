// text/event-stream lines to events (WHATWG HTML §9.2.6 "Interpreting an event stream").
#include "standard_interpreter.h"

#include <cstdint>
#include <cstring>
#include <utility>

#include "utf8.h"

namespace sse {
namespace {

// A data buffer that grew past this is released after dispatch, so one huge event does not pin it.
constexpr size_t kRetainedCapacity = size_t{1} << 20;

// [spec] "If the field value consists of only ASCII digits, then interpret the field value as an
// integer in base ten" (saturating: a value too large for a timer means "as late as possible").
bool ParseRetry(std::string_view value, uint32_t* milliseconds) {
  if (value.empty()) return false;
  uint64_t result = 0;
  for (char c : value) {
    if (c < '0' || c > '9') return false;
    result = result * 10 + static_cast<uint64_t>(c - '0');
    if (result > ParserSink::kMaxReconnectionTime) result = ParserSink::kMaxReconnectionTime;
  }
  *milliseconds = static_cast<uint32_t>(result);
  return true;
}

// Four bytes as one little-endian word: field names compare as words, not through memcmp calls
// (memcmp was 4% of the tiny-event profile).
inline uint32_t Word(const char* p) {
  uint32_t word;
  std::memcpy(&word, p, 4);
  return word;
}
constexpr uint32_t WordOf(const char (&s)[5]) {
  return static_cast<uint32_t>(static_cast<unsigned char>(s[0])) |
         static_cast<uint32_t>(static_cast<unsigned char>(s[1])) << 8 |
         static_cast<uint32_t>(static_cast<unsigned char>(s[2])) << 16 |
         static_cast<uint32_t>(static_cast<unsigned char>(s[3])) << 24;
}

// [spec] "Collect the characters on the line after the first U+003A COLON character (:), and let
// value be that string. If value starts with a U+0020 SPACE character, remove it from value."
std::string_view ValueAfter(std::string_view line, size_t colon) {
  std::string_view value = line.substr(colon + 1);
  if (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  return value;
}

// Appends a field value, decoded: ASCII needs no decoding.
void AppendField(ByteBuffer& buffer, std::string_view value, bool ascii) {
  if (ascii) {
    buffer.append(value);
  } else {
    AppendDecodedUtf8(buffer, value);
  }
}

// Makes `to` hold `value`, which lies in `storage`, by taking storage's memory: the value moves to its
// front and the two buffers swap; `storage` is left with to's old memory. The move is by hand, forward
// (the value is never before the front): libc's memmove would add 340 B of Wasm, and `no_builtin`
// keeps the compiler from turning the loop into a call to it.
__attribute__((no_builtin("memmove"))) void TakeValue(ByteBuffer& storage, std::string_view value, ByteBuffer& to) {
  char* front = storage.data();
#pragma clang loop unroll(disable)
  for (size_t i = 0; i < value.size(); ++i) front[i] = value[i];
  storage.truncate(value.size());
  storage.Swap(to);
}

}  // namespace

StandardInterpreter::StandardInterpreter(const ParserLimits& limits, ParserSink* sink, ByteBuffer* line_storage)
    : max_event_size_(limits.max_event_size), sink_(sink), line_storage_(line_storage) {}

bool StandardInterpreter::AtEventBoundary() const {
  return !pending_data_ && data_buffer_.empty() && event_type_buffer_.empty() && !last_event_id_set_;
}

ParseStatus StandardInterpreter::ProcessLine(std::string_view line, bool ascii) {
  // [spec] "If the line is empty (a blank line): Dispatch the event."
  if (line.empty()) {
    DispatchEvent();
    return status_;
  }
  // [spec] "If the line starts with a U+003A COLON character (:): Ignore the line."
  if (line.front() == ':') return status_;
  // The most common line by far, `data:`, skips the general colon search (npm run bench, tiny events).
  if (line.size() >= 5 && Word(line.data()) == WordOf("data") && line[4] == ':') {
    AppendData(ValueAfter(line, 4), ascii);
    return status_;
  }
  // `id:` and `event:` lines (typed events with ids) skip the colon search too.
  if (line.size() >= 3 && line[0] == 'i' && line[1] == 'd' && line[2] == ':') {
    ProcessField(line.substr(0, 2), ValueAfter(line, 2), ascii);
    return status_;
  }
  if (line.size() >= 6 && Word(line.data()) == WordOf("even") && line[4] == 't' && line[5] == ':') {
    ProcessField(line.substr(0, 5), ValueAfter(line, 5), ascii);
    return status_;
  }
  // [spec] Field name up to the first colon; value after it, one leading U+0020 SPACE removed.
  // A line without a colon is a field whose value is the empty string.
  const void* colon = std::memchr(line.data(), ':', line.size());
  if (colon == nullptr) {
    ProcessField(line, std::string_view(), true);
    return status_;
  }
  size_t name_length = static_cast<size_t>(static_cast<const char*>(colon) - line.data());
  ProcessField(line.substr(0, name_length), ValueAfter(line, name_length), ascii);
  return status_;
}

bool StandardInterpreter::DispatchDataLine(std::string_view line, bool ascii) {
  if (pending_data_ || !data_buffer_.empty() || line.size() < 5 || Word(line.data()) != WordOf("data") ||
      line[4] != ':') {
    return false;
  }
  std::string_view value = ValueAfter(line, 4);
  if (value.size() >= max_event_size_ || (!ascii && ValidUtf8Prefix(value) != value.size())) return false;
  // [spec] Append the value and a LF to the data buffer (held in place), then dispatch at the blank line.
  pending_value_ = value;
  pending_data_ = true;
  data_ascii_ = ascii;
  DispatchEvent();
  return true;
}

// [spec] "Process the field": names compare literally (case-sensitive); unknown names are ignored.
void StandardInterpreter::ProcessField(std::string_view name, std::string_view value, bool ascii) {
  const size_t n = name.size();
  if (n == 4 && Word(name.data()) == WordOf("data")) {
    AppendData(value, ascii);
  } else if (n == 5 && Word(name.data()) == WordOf("even") && name[4] == 't') {
    event_type_buffer_.clear();
    AppendField(event_type_buffer_, value, ascii);
  } else if (n == 2 && name[0] == 'i' && name[1] == 'd') {
    // [spec] "If the field value does not contain U+0000 NULL, then set the last event ID buffer
    // to the field value. Otherwise, ignore the field."
    if (!value.empty() && std::memchr(value.data(), '\0', value.size()) != nullptr) return;
    // In the line storage (unsigned: an address below it wraps to a large offset): take its memory.
    const uintptr_t offset =
        reinterpret_cast<uintptr_t>(value.data()) - reinterpret_cast<uintptr_t>(line_storage_->data());
    if (offset < line_storage_->size() && (ascii || ValidUtf8Prefix(value) == value.size())) {
      TakeValue(*line_storage_, value, last_event_id_buffer_);
    } else {
      last_event_id_buffer_.clear();
      AppendField(last_event_id_buffer_, value, ascii);
    }
    last_event_id_set_ = true;
  } else if (n == 5 && Word(name.data()) == WordOf("retr") && name[4] == 'y') {
    uint32_t milliseconds;
    if (ParseRetry(value, &milliseconds)) sink_->OnRetry(milliseconds);
  }
}

// [spec] "Append the field value to the data buffer, then append a single U+000A LINE FEED (LF)
// character to the data buffer." The decoded value and its LF must fit: the buffer never holds more
// than max_event_size bytes.
void StandardInterpreter::AppendData(std::string_view value, bool ascii) {
  if (!pending_data_ && data_buffer_.empty() && (ascii || ValidUtf8Prefix(value) == value.size())) {
    if (value.size() >= max_event_size_) return void(status_ = ParseStatus::kEventTooLarge);
    pending_value_ = value;  // valid UTF-8 already: nothing to decode
    pending_data_ = true;
    data_ascii_ = ascii;
    return;
  }
  MaterializePendingData();
  if (ascii && data_buffer_.size() + value.size() < max_event_size_) {  // nothing to decode
    data_buffer_.append(value);
    data_buffer_.push_back('\n');
    return;
  }
  if (max_event_size_ == 0 || !AppendDecodedUtf8(data_buffer_, value, max_event_size_ - 1)) {
    status_ = ParseStatus::kEventTooLarge;
    data_buffer_.Release();
    return;
  }
  data_buffer_.push_back('\n');
  data_ascii_ = data_ascii_ && ascii;
}

void StandardInterpreter::MaterializePendingData() {
  if (!pending_data_) return;
  data_buffer_.append(pending_value_);
  data_buffer_.push_back('\n');
  pending_data_ = false;
}

// [spec] "Dispatch the event" (steps for web browsers).
void StandardInterpreter::DispatchEvent() {
  // 1. Set the last event ID string of the event source to the value of the last event ID buffer.
  if (last_event_id_set_) {
    sink_->OnLastEventId(last_event_id_buffer_);  // which may take the buffer's memory
    last_event_id_set_ = false;
  }
  // 2. If the data buffer is empty, set the data and event type buffers to "" and return.
  if (!pending_data_ && data_buffer_.empty()) {
    event_type_buffer_.clear();
    return;
  }
  // 3. If the data buffer's last character is a LF, remove it (it always is: see AppendData).
  std::string_view data = pending_value_;
  if (!pending_data_) {
    data_buffer_.pop_back();
    data = data_buffer_.view();
  }
  // 4-6 and 8. The sink creates the event and queues it. [spec] 5-6: type `message`, or the event
  // type buffer when it is not empty.
  EventOptions options;
  options.data_ascii = data_ascii_;
  sink_->OnEvent(event_type_buffer_.empty() ? ParserSink::kMessage : event_type_buffer_.view(), data, options);
  // 7. Set the data buffer and the event type buffer to the empty string.
  pending_data_ = false;
  data_ascii_ = true;
  data_buffer_.ClearAndTrim(kRetainedCapacity);
  event_type_buffer_.clear();
}

}  // namespace sse
