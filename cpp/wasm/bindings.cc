// Embind surface of the core: a WasmWorkspace per module, a WasmEventSource per EventSource, and one
// direct export for the per-chunk call. The only file that includes Emscripten headers.
#include <emscripten/bind.h>
#include <emscripten/emscripten.h>

#include <cstdint>
#include <cstring>
#include <string_view>

#include "action_batch.h"
#include "boundary.h"
#include "byte_buffer.h"
#include "event_source_machine.h"

namespace sse {
namespace {

// An input buffer that grew past this for one huge chunk is released after it, not kept for life.
constexpr size_t kRetainedInputBytes = size_t{1} << 20;

MachineOptions MakeOptions(const SessionOptions& session) {
  MachineOptions options;
  options.limits.max_line_length = session.max_line_length;
  options.limits.max_event_size = session.max_event_size;
  options.reconnection_time_ms = session.reconnection_time;
#if SSE_LEGACY_DIALECT
  // The legacy element's one reconnection time (js/legacy.js's option) applies to both dialects; an
  // EventSource reading a legacy stream waits the 2006 interval.
  if (session.flags & kLegacyElementProfile) options.legacy_reconnection_time_ms = session.reconnection_time;
#endif
  options.profile = (session.flags & kLegacyElementProfile) ? Profile::kLegacyElement : Profile::kEventSource;
  options.read_legacy_streams = (session.flags & kReadLegacyStreams) != 0;
  options.legacy.strict_line_feeds = (session.flags & kStrictLineFeeds) != 0;
  options.legacy.require_event_field = (session.flags & kRequireEventField) != 0;
  options.retry.backoff = (session.flags & kBackoff) != 0;
  options.retry.max_delay_ms = session.max_delay;
  options.retry.max_attempts = session.max_attempts;
  options.retry.inactivity_timeout_ms = session.inactivity_timeout;
  return options;
}

// What all of a module's connections share: JS reads each input's actions before the next input, so
// one batch and one input buffer serve them all, and an idle connection holds neither.
class WasmWorkspace {
 public:
  WasmWorkspace() { Publish(); }

  // This object's address, for WasmEventSource's constructor; and its BatchView's.
  uintptr_t address() const { return reinterpret_cast<uintptr_t>(this); }
  uintptr_t view() const { return reinterpret_cast<uintptr_t>(&view_); }
  void reserveInput(uint32_t size) {
    if (size > input_.size()) input_.Extend(size - input_.size());
    Publish();
  }

  ActionBatch& batch() { return batch_; }
  const uint8_t* input() const { return input_.data(); }
  size_t input_size() const { return input_.size(); }
  void ReleaseLargeInput() {
    if (input_.size() > kRetainedInputBytes) input_.Release();
  }

  // Out of line: it would otherwise be inlined into every input method, for nothing (they are cold).
  __attribute__((noinline)) void Publish() {
    view_.words = static_cast<uint32_t>(reinterpret_cast<uintptr_t>(batch_.words()));
    view_.count = static_cast<uint32_t>(batch_.size());
    view_.text = static_cast<uint32_t>(reinterpret_cast<uintptr_t>(batch_.text_data()));
    view_.text_units = batch_.text_units();
    view_.text_wide = batch_.text_is_wide() ? 1 : 0;
    view_.input = static_cast<uint32_t>(reinterpret_cast<uintptr_t>(input_.data()));
    view_.input_capacity = static_cast<uint32_t>(input_.size());
  }

 private:
  ActionBatch batch_;
  Buffer<uint8_t> input_;  // size() is the capacity offered to JS
  BatchView view_{};
};

class WasmEventSource {
 public:
  // Reads its options from the workspace's input buffer, where JS wrote a SessionOptions.
  explicit WasmEventSource(uintptr_t workspace)
      : workspace_(reinterpret_cast<WasmWorkspace*>(workspace)),
        machine_(MakeOptions(ReadOptions()), &workspace_->batch()) {}

  // This object's address, for the direct export sse_feed().
  uintptr_t address() const { return reinterpret_cast<uintptr_t>(this); }

  // The first request; it resumes from the last event ID string in the input buffer when
  // `last_event_id_length` is not 0 (Start()).
  void start(uint32_t last_event_id_length) {
    machine_.Start(InputText(last_event_id_length));
    workspace_->Publish();
  }
  // The Content-Type header value is in the workspace's input buffer, `content_type_length` bytes.
  // retry_after_ms: the Retry-After header's delay, or kNoRetryAfter (0xFFFFFFFF).
  void response(int status, uint32_t content_type_length, uint32_t retry_after_ms) {
    machine_.OnResponse(status, InputText(content_type_length), retry_after_ms);
    workspace_->Publish();
  }
  void retryOn(int status) { machine_.AddRetryStatus(static_cast<uint16_t>(status)); }
  void watchdog(uint32_t idle_ms) {
    machine_.OnWatchdog(idle_ms);
    workspace_->Publish();
  }
  void Feed(uint32_t size) {
    machine_.OnBodyChunk(workspace_->input(), size <= workspace_->input_size() ? size : workspace_->input_size());
    workspace_->ReleaseLargeInput();
    workspace_->Publish();
  }
  void end() { Then(&EventSourceMachine::OnBodyEnd); }
  void networkError() { Then(&EventSourceMachine::OnNetworkError); }
  // The request is futile: reason is ErrorReason::kCorsRefused, kInvalidRequest or kStreamEnded.
  void futile(uint32_t reason) {
    machine_.OnRequestFutile(static_cast<ErrorReason>(reason));
    workspace_->Publish();
  }
  void timerFired() { Then(&EventSourceMachine::OnTimerFired); }
  // The reconnection time: the configured one until a `retry` field set it.
  uint32_t reconnectionTime() const { return machine_.reconnection_time(); }
  void recycle() { Then(&EventSourceMachine::Recycle); }
  void close() { Then(&EventSourceMachine::Close); }

 private:
  void Then(void (EventSourceMachine::*input)()) {
    (machine_.*input)();
    workspace_->Publish();
  }

  // The first `length` bytes of the workspace's input buffer, where JS copied a string's UTF-8.
  std::string_view InputText(uint32_t length) const {
    const char* text = reinterpret_cast<const char*>(workspace_->input());
    return std::string_view(text, length <= workspace_->input_size() ? length : 0);
  }

  SessionOptions ReadOptions() const {
    SessionOptions options{};
    if (workspace_->input_size() >= sizeof options) std::memcpy(&options, workspace_->input(), sizeof options);
    return options;
  }

  WasmWorkspace* const workspace_;
  EventSourceMachine machine_;
};

}  // namespace
}  // namespace sse

// The per-chunk call, exported directly: an Embind method call costs ~226 ns under
// -sDYNAMIC_EXECUTION=0, a direct export ~25 ns (measured in Node 20), and with one event per chunk that was
// most of the cost. `source` is WasmEventSource.address(); the chunk is in the workspace's input buffer.
extern "C" EMSCRIPTEN_KEEPALIVE void sse_feed(uintptr_t source, uint32_t size) {
  reinterpret_cast<sse::WasmEventSource*>(source)->Feed(size);
}

EMSCRIPTEN_BINDINGS(sse_core) {
  emscripten::class_<sse::WasmWorkspace>("WasmWorkspace")
      .constructor<>()
      .function("address", &sse::WasmWorkspace::address)
      .function("view", &sse::WasmWorkspace::view)
      .function("reserveInput", &sse::WasmWorkspace::reserveInput);
  emscripten::class_<sse::WasmEventSource>("WasmEventSource")
      .constructor<uintptr_t>()
      .function("address", &sse::WasmEventSource::address)
      .function("start", &sse::WasmEventSource::start)
      .function("response", &sse::WasmEventSource::response)
      .function("retryOn", &sse::WasmEventSource::retryOn)
      .function("watchdog", &sse::WasmEventSource::watchdog)
      .function("end", &sse::WasmEventSource::end)
      .function("networkError", &sse::WasmEventSource::networkError)
      .function("futile", &sse::WasmEventSource::futile)
      .function("timerFired", &sse::WasmEventSource::timerFired)
      .function("recycle", &sse::WasmEventSource::recycle)
      .function("close", &sse::WasmEventSource::close)
      .function("reconnectionTime", &sse::WasmEventSource::reconnectionTime);
}
