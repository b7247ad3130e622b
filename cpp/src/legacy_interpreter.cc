// application/x-dom-event-stream lines to events (Opera 9, 2006; see legacy_interpreter.h).
#include "legacy_interpreter.h"

#if SSE_LEGACY_DIALECT

#include <cstring>

#include "utf8.h"

namespace sse {

LegacyInterpreter::LegacyInterpreter(const ParserLimits& limits, LegacyOptions options, ParserSink* sink)
    : max_event_size_(limits.max_event_size), options_(options), sink_(sink) {}

ParseStatus LegacyInterpreter::ProcessLine(std::string_view line) {
  // 2006: a blank line ends the block.
  if (line.empty()) {
    DispatchBlock();
    return ParseStatus::kOk;
  }
  // 2006: `;` starts a comment; `:` a command "reserved for future use", ignored.
  if (line.front() == ';' || line.front() == ':') return ParseStatus::kOk;
  // Field name up to the first colon or the end of the line; one space after the colon dropped.
  const void* colon = std::memchr(line.data(), ':', line.size());
  if (colon == nullptr) return AddField(line, std::string_view());
  size_t name_length = static_cast<size_t>(static_cast<const char*>(colon) - line.data());
  std::string_view value = line.substr(name_length + 1);
  if (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  return AddField(line.substr(0, name_length), value);
}

// Field names compare literally: `Event` is the type, `event` is nothing here.
ParseStatus LegacyInterpreter::AddField(std::string_view name, std::string_view value) {
  has_fields_ = true;
  Field* field = name == "data"         ? &data_
                 : name == "Event"      ? &event_
                 : name == "Target"     ? &target_
                 : name == "Bubbles"    ? &bubbles_
                 : name == "Cancelable" ? &cancelable_
                                        : nullptr;
  if (field == nullptr) return ParseStatus::kOk;  // other fields set DOM attributes we do not model
  // 2006: a field repeated in a block joins its values with LF (the 2006 draft's "Server-sent DOM
  // events" section; README: the legacy format's sources). All buffered fields share the event size limit.
  if (field->present) {
    if (buffered_ + 1 > max_event_size_) return ParseStatus::kEventTooLarge;
    field->value.push_back('\n');
    ++buffered_;
  }
  field->present = true;
  const size_t before = field->value.size();
  if (!AppendDecodedUtf8(field->value, value, before + (max_event_size_ - buffered_))) {
    return ParseStatus::kEventTooLarge;
  }
  buffered_ += field->value.size() - before;
  return ParseStatus::kOk;
}

void LegacyInterpreter::DispatchBlock() {
  bool fire = has_fields_ && (event_.present || !options_.require_event_field);
  if (fire) {
    EventOptions options;
    // 2006: only a value of exactly `No` turns bubbling / cancelability off; any other value, or no
    // field, leaves them on (legacy-opera-2006.md §1, field table).
    options.bubbles = !(bubbles_.present && bubbles_.value.view() == "No");
    options.cancelable = !(cancelable_.present && cancelable_.value.view() == "No");
    options.target = target_.value.view();
    // No Event field: `message` (2007). An empty one names the empty type.
    sink_->OnEvent(event_.present ? event_.value.view() : std::string_view("message"), data_.value.view(), options);
  }
  for (Field* field : {&event_, &data_, &bubbles_, &cancelable_, &target_}) {
    field->value.Release();
    field->present = false;
  }
  has_fields_ = false;
  buffered_ = 0;
}

}  // namespace sse

#endif  // SSE_LEGACY_DIALECT
