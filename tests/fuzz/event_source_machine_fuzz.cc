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
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  sse::MachineOptions options;
  options.limits.max_line_length = 32;
  options.limits.max_event_size = 64;
  sse::EventSourceMachine m(options);
  bool closed_by_user = false;
  size_t i = 0;
  while (i < size) {
    uint8_t op = data[i++];
    sse::ReadyState before = m.ready_state();
    switch (op % 10) {
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
      case 9: m.OnRequestInvalid(); break;
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
