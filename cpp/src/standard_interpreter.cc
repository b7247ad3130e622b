// text/event-stream lines to events (WHATWG HTML §9.2.6 "Interpreting an event stream").
#include "standard_interpreter.h"

#include <cstring>

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

}  // namespace

StandardInterpreter::StandardInterpreter(const ParserLimits& limits, ParserSink* sink)
    : max_event_size_(limits.max_event_size), sink_(sink) {}

bool StandardInterpreter::AtEventBoundary() const {
  return data_buffer_.empty() && event_type_buffer_.empty() && !last_event_id_set_;
}

ParseStatus StandardInterpreter::ProcessLine(std::string_view line) {
  // [spec] "If the line is empty (a blank line): Dispatch the event."
  if (line.empty()) {
    DispatchEvent();
    return status_;
  }
  // [spec] "If the line starts with a U+003A COLON character (:): Ignore the line."
  if (line.front() == ':') return status_;
  // [spec] Field name up to the first colon; value after it, one leading U+0020 SPACE removed.
  // A line without a colon is a field whose value is the empty string.
  const void* colon = std::memchr(line.data(), ':', line.size());
  if (colon == nullptr) {
    ProcessField(line, std::string_view());
    return status_;
  }
  size_t name_length = static_cast<size_t>(static_cast<const char*>(colon) - line.data());
  std::string_view value = line.substr(name_length + 1);
  if (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  ProcessField(line.substr(0, name_length), value);
  return status_;
}

// [spec] "Process the field": names compare literally (case-sensitive); unknown names are ignored.
void StandardInterpreter::ProcessField(std::string_view name, std::string_view value) {
  if (name == "data") {
    // [spec] "Append the field value to the data buffer, then append a single U+000A LINE FEED".
    // The decoded value and its LF must fit: the buffer never holds more than max_event_size bytes.
    if (max_event_size_ == 0 || !AppendDecodedUtf8(data_buffer_, value, max_event_size_ - 1)) {
      status_ = ParseStatus::kEventTooLarge;
      std::string().swap(data_buffer_);
      return;
    }
    data_buffer_.push_back('\n');
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

// [spec] "Dispatch the event" (steps for web browsers).
void StandardInterpreter::DispatchEvent() {
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
  // 3. If the data buffer's last character is a LF, remove it (it always is: see ProcessField).
  data_buffer_.pop_back();
  // 4-6 and 8. The sink creates the event and queues it. [spec] 5-6: type `message`, or the event
  // type buffer when it is not empty.
  sink_->OnEvent(event_type_buffer_.empty() ? std::string_view("message") : std::string_view(event_type_buffer_),
                 data_buffer_, EventOptions{});
  // 7. Set the data buffer and the event type buffer to the empty string.
  if (data_buffer_.capacity() > kRetainedCapacity) {
    std::string().swap(data_buffer_);
  } else {
    data_buffer_.clear();
  }
  event_type_buffer_.clear();
}

}  // namespace sse
