// Embind surface of the core: one WasmEventSource per EventSource, driven in batches from js/.
// The only file that includes Emscripten headers.
#include <emscripten/bind.h>

#include <cstdint>
#include <string>
#include <vector>

#include "event_source_machine.h"

namespace sse {
namespace {

// Memory layout read by js/core-session.js through HEAPU32 at view(); field order is the contract.
struct BatchView {
  uint32_t words;           // address of the first record (ActionBatch::kRecordWords words each)
  uint32_t count;           // number of records
  uint32_t text;            // address of the UTF-8 text arena (record offsets count its UTF-16 units)
  uint32_t text_bytes;      // its length in bytes
  uint32_t input;           // address where the caller copies the next chunk
  uint32_t input_capacity;  // bytes available there; reserveInput() grows it
};

// Bits of the constructor's `flags`; the numbers are part of the boundary (js/core-session.js).
constexpr uint32_t kLegacyElementProfile = 1;  // Profile::kLegacyElement
constexpr uint32_t kReadLegacyStreams = 2;     // MachineOptions::read_legacy_streams
constexpr uint32_t kStrictLineFeeds = 4;       // LegacyOptions::strict_line_feeds
constexpr uint32_t kRequireEventField = 8;     // LegacyOptions::require_event_field

MachineOptions MakeOptions(uint32_t max_line_length, uint32_t max_event_size, uint32_t reconnection_time_ms,
                           uint32_t flags) {
  MachineOptions options;
  options.limits.max_line_length = max_line_length;
  options.limits.max_event_size = max_event_size;
  options.reconnection_time_ms = reconnection_time_ms;
  options.profile = (flags & kLegacyElementProfile) ? Profile::kLegacyElement : Profile::kEventSource;
  options.read_legacy_streams = (flags & kReadLegacyStreams) != 0;
  options.legacy.strict_line_feeds = (flags & kStrictLineFeeds) != 0;
  options.legacy.require_event_field = (flags & kRequireEventField) != 0;
  return options;
}

class WasmEventSource {
 public:
  WasmEventSource(uint32_t max_line_length, uint32_t max_event_size, uint32_t reconnection_time_ms, uint32_t flags)
      : machine_(MakeOptions(max_line_length, max_event_size, reconnection_time_ms, flags)) {
    input_.resize(kInitialInputCapacity);
    Publish();
  }

  uintptr_t view() const { return reinterpret_cast<uintptr_t>(&view_); }

  void reserveInput(uint32_t size) {
    if (size > input_.size()) input_.resize(size);
    Publish();
  }

  void start() {
    machine_.Start();
    Publish();
  }
  void response(int status, const std::string& content_type) {
    machine_.OnResponse(status, content_type);
    Publish();
  }
  void feed(uint32_t size) {
    machine_.OnBodyChunk(input_.data(), size <= input_.size() ? size : input_.size());
    Publish();
  }
  void end() {
    machine_.OnBodyEnd();
    Publish();
  }
  void networkError() {
    machine_.OnNetworkError();
    Publish();
  }
  void refused() {
    machine_.OnRequestRefused();
    Publish();
  }
  void timerFired() {
    machine_.OnTimerFired();
    Publish();
  }
  void recycle() {
    machine_.Recycle();
    Publish();
  }
  void close() {
    machine_.Close();
    Publish();
  }

 private:
  static constexpr size_t kInitialInputCapacity = 64 * 1024;

  void Publish() {
    const ActionBatch& batch = machine_.actions();
    view_.words = static_cast<uint32_t>(reinterpret_cast<uintptr_t>(batch.words()));
    view_.count = static_cast<uint32_t>(batch.size());
    view_.text = static_cast<uint32_t>(reinterpret_cast<uintptr_t>(batch.text().data()));
    view_.text_bytes = static_cast<uint32_t>(batch.text().size());
    view_.input = static_cast<uint32_t>(reinterpret_cast<uintptr_t>(input_.data()));
    view_.input_capacity = static_cast<uint32_t>(input_.size());
  }

  EventSourceMachine machine_;
  std::vector<uint8_t> input_;
  BatchView view_{};
};

}  // namespace
}  // namespace sse

EMSCRIPTEN_BINDINGS(sse_core) {
  emscripten::class_<sse::WasmEventSource>("WasmEventSource")
      .constructor<uint32_t, uint32_t, uint32_t, uint32_t>()
      .function("view", &sse::WasmEventSource::view)
      .function("reserveInput", &sse::WasmEventSource::reserveInput)
      .function("start", &sse::WasmEventSource::start)
      .function("response", &sse::WasmEventSource::response)
      .function("feed", &sse::WasmEventSource::feed)
      .function("end", &sse::WasmEventSource::end)
      .function("networkError", &sse::WasmEventSource::networkError)
      .function("refused", &sse::WasmEventSource::refused)
      .function("timerFired", &sse::WasmEventSource::timerFired)
      .function("recycle", &sse::WasmEventSource::recycle)
      .function("close", &sse::WasmEventSource::close);
}
