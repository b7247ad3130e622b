// libFuzzer target: random input sequences never break the state machine's invariants, nothing is
// dispatched outside OPEN, and nothing at all happens after close().
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "event_source_machine.h"

namespace {

constexpr int kStatuses[] = {200, 200, 200, 204, 301, 404, 500};
constexpr const char* kContentTypes[] = {"text/event-stream", "text/event-stream; charset=x", "text/plain", ""};

void CheckActions(const sse::EventSourceMachine& m, sse::ReadyState before, bool closed_by_user) {
  const sse::ActionBatch& b = m.actions();
  if (closed_by_user && b.size() != 0) std::abort();  // nothing happens after close()
  for (size_t i = 0; i < b.size(); ++i) {
    if (b.kind(i) == sse::ActionKind::kDispatch && before != sse::ReadyState::kOpen) std::abort();
    if (b.kind(i) == sse::ActionKind::kAnnounce && m.ready_state() != sse::ReadyState::kOpen) std::abort();
    // A reconnect is scheduled only while CONNECTING, within the policy's range.
    if (b.kind(i) == sse::ActionKind::kScheduleReconnect &&
        (m.ready_state() != sse::ReadyState::kConnecting || b.arg(i, 0) + b.arg(i, 1) > 10000)) {
      std::abort();
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  sse::MachineOptions options;
  options.limits.max_line_length = 32;
  options.limits.max_event_size = 64;
  // The first byte picks a retry policy: backoff, a maximum of attempts, a watchdog, retried 500s.
  uint8_t policy = size > 0 ? data[0] : 0;
  options.retry.backoff = (policy & 1) != 0;
  options.retry.max_delay_ms = 10000;
  options.retry.max_attempts = (policy >> 1) & 3;
  options.retry.inactivity_timeout_ms = (policy & 8) ? 1000 : 0;
  sse::EventSourceMachine m(options);
  if (policy & 16) m.AddRetryStatus(500);
  bool closed_by_user = false;
  size_t i = 1;  // data[0] was the policy
  while (i < size) {
    uint8_t op = data[i++];
    sse::ReadyState before = m.ready_state();
    switch (op % 12) {
      case 0: m.Start(); break;
      case 1: {
        uint8_t pick = i < size ? data[i++] : 0;
        m.OnResponse(kStatuses[pick % 7], kContentTypes[(pick >> 3) % 4]);
        break;
      }
      case 2: {
        size_t n = i < size ? data[i++] % 32 : 0;
        n = std::min(n, size - i);
        m.OnBodyChunk(data + i, n);
        i += n;
        break;
      }
      case 3: m.OnBodyEnd(); break;
      case 4: m.OnNetworkError(); break;
      case 5: m.OnTimerFired(); break;
      case 7: m.Recycle(); break;
      case 8: m.OnRequestRefused(); break;
      case 9: {
        uint8_t pick = i < size ? data[i++] : 0;  // any reason: futile() takes a wrong one as invalid-request
        m.OnRequestFutile(static_cast<sse::ErrorReason>(pick % 10));
        break;
      }
      case 10: m.OnWatchdog(i < size ? data[i++] * 10u : 0); break;
      case 11: {
        uint8_t pick = i < size ? data[i++] : 0;
        m.OnResponse(kStatuses[pick % 7], kContentTypes[(pick >> 3) % 4], (pick & 0x80) ? 500 : sse::kNoRetryAfter);
        break;
      }
      case 6:
        m.Close();
        CheckActions(m, before, closed_by_user);
        closed_by_user = true;
        continue;
    }
    CheckActions(m, before, closed_by_user);
  }
  return 0;
}
