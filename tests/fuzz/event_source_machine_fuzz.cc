// libFuzzer target: random input sequences never break the state machine's invariants, nothing is
// dispatched outside OPEN, a connection opens only for a status and Content-Type its profile reads,
// legacy dispatch options come only with legacy streams, and nothing at all happens after close().
// Both profiles (EventSource, the 2006 <event-source> element) and both content types (and wrong
// ones) are chosen by the input. Seeds and dictionary: tests/fuzz/make-seeds.mjs,
// tests/fuzz/event_source_machine_fuzz.dict.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "event_source_machine.h"

namespace {

// The configuration prefix, kConfigBytes bytes before the operations (make-seeds.mjs writes it):
//   [0] the retry policy: 1 backoff, 2|4 max attempts (0-3), 8 watchdog, 16 retry 500s
//   [1] the rest: 1 legacy element profile, 2 do not read legacy streams, 4 strict line feeds,
//       8 require Event, 16|32|64 the limits (kLimits[(byte >> 4) & 7])
constexpr size_t kConfigBytes = 2;

// A response's pick byte: status kStatuses[pick & 7], Content-Type kContentTypes[(pick >> 3) & 7];
// with op 11, bit 7 adds a Retry-After of 500 ms. Seeds use pick 0 (standard) and 3 << 3 (legacy).
constexpr int kStatuses[] = {200, 200, 201, 204, 205, 304, 404, 500};
constexpr const char* kContentTypes[] = {
    "text/event-stream",
    "text/event-stream; charset=utf-8",
    "Text/Event-Stream",
    "application/x-dom-event-stream",
    "application/x-dom-event-stream;charset=x",
    "text/plain",
    "",
    "text/event-streams",
};

struct Limits {
  uint32_t line;
  uint32_t event;
};
// Small ones make the limit paths reachable; the last four are the fixture corpus's, for its seeds.
constexpr Limits kLimits[] = {{32, 64}, {1024, 4096}, {8, 16}, {256, 256}, {1024, 32}, {1024, 4}, {16, 1024}, {16, 8}};

bool IsLegacyType(size_t index) { return index == 3 || index == 4; }
bool IsStandardType(size_t index) { return index <= 2; }

sse::MachineOptions ReadOptions(const uint8_t* config) {
  sse::MachineOptions options;
  const uint8_t policy = config[0];
  options.retry.backoff = (policy & 1) != 0;
  options.retry.max_delay_ms = 10000;
  options.retry.max_attempts = (policy >> 1) & 3;
  options.retry.inactivity_timeout_ms = (policy & 8) ? 1000 : 0;
  const uint8_t rest = config[1];
  options.profile = (rest & 1) ? sse::Profile::kLegacyElement : sse::Profile::kEventSource;
  options.read_legacy_streams = (rest & 2) == 0;
  options.legacy.strict_line_feeds = (rest & 4) != 0;
  options.legacy.require_event_field = (rest & 8) != 0;
  const Limits& limits = kLimits[(rest >> 4) & 7];
  options.limits.max_line_length = limits.line;
  options.limits.max_event_size = limits.event;
  return options;
}

// What the fuzzer knows of the stream being read: its dialect once a response opened it.
enum class Stream { kNone, kStandard, kLegacy, kUnknown };

class Harness {
 public:
  explicit Harness(const sse::MachineOptions& options) : options_(options), m_(options) {}

  sse::EventSourceMachine& machine() { return m_; }

  void Response(uint8_t pick, uint32_t retry_after_ms) {
    const int status = kStatuses[pick & 7];
    const size_t type = (pick >> 3) & 7;
    const sse::ReadyState before = m_.ready_state();
    m_.OnResponse(status, kContentTypes[type], retry_after_ms);
    const bool announced = Has(sse::ActionKind::kAnnounce);
    if (announced && !Acceptable(status, type)) std::abort();  // opened for what it must not read
    if (announced) {
      stream_ = IsLegacyType(type) ? Stream::kLegacy : Stream::kStandard;
    } else if (before == sse::ReadyState::kOpen && m_.ready_state() == sse::ReadyState::kOpen) {
      stream_ = Stream::kUnknown;  // a Recycle() replacement, or a late response that was ignored
    }
  }

  // After every input: the checks on its actions.
  void Check(sse::ReadyState before, bool closed_by_user) {
    const sse::ActionBatch& b = m_.actions();
    if (closed_by_user && b.size() != 0) std::abort();  // nothing happens after close()
    for (size_t i = 0; i < b.size(); ++i) {
      const sse::ActionKind kind = b.kind(i);
      if (kind == sse::ActionKind::kDispatch && before != sse::ReadyState::kOpen) std::abort();
      if (kind == sse::ActionKind::kAnnounce && m_.ready_state() != sse::ReadyState::kOpen) std::abort();
      if (kind == sse::ActionKind::kScheduleReconnect && !ReconnectIsValid(b.arg(i, 0), b.arg(i, 1))) std::abort();
      // Legacy events, and only they, come with their dispatch options right before them.
      if (kind == sse::ActionKind::kDispatch) {
        const bool with_options = i > 0 && b.kind(i - 1) == sse::ActionKind::kDispatchOptions;
        if (stream_ == Stream::kStandard && with_options) std::abort();
        if (stream_ == Stream::kLegacy && !with_options) std::abort();
      }
    }
    if (m_.ready_state() != sse::ReadyState::kOpen) stream_ = Stream::kNone;
  }

 private:
  bool Has(sse::ActionKind kind) const {
    const sse::ActionBatch& b = m_.actions();
    for (size_t i = 0; i < b.size(); ++i) {
      if (b.kind(i) == kind) return true;
    }
    return false;
  }

  // A reconnect is scheduled only while CONNECTING, after the reconnection time (a `retry` field's, up to
  // 2^31-1), the legacy 5 s or a Retry-After (500 ms here), with jitter only for backoff and within its range.
  bool ReconnectIsValid(uint32_t delay, uint32_t jitter) const {
    const uint32_t time = m_.reconnection_time();
    const bool delay_ok = delay == time || delay == sse::kLegacyReconnectionTime || (delay == 500 && time < 500);
    const bool jitter_ok =
        options_.retry.backoff ? uint64_t{delay} + jitter <= std::max(delay, options_.retry.max_delay_ms) : jitter == 0;
    return m_.ready_state() == sse::ReadyState::kConnecting && delay_ok && jitter_ok;
  }

  bool Acceptable(int status, size_t type) const {
    const bool readable = options_.profile == sse::Profile::kEventSource
                              ? status == 200
                              : (status == 200 || status == 201 || status == 202 || status == 203 || status == 206);
    return readable && (IsStandardType(type) || (IsLegacyType(type) && options_.read_legacy_streams));
  }

  const sse::MachineOptions options_;
  sse::EventSourceMachine m_;
  Stream stream_ = Stream::kNone;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < kConfigBytes) return 0;
  Harness h(ReadOptions(data));
  sse::EventSourceMachine& m = h.machine();
  if (data[0] & 16) m.AddRetryStatus(500);
  bool closed_by_user = false;
  size_t i = kConfigBytes;
  while (i < size) {
    uint8_t op = data[i++];
    sse::ReadyState before = m.ready_state();
    switch (op % 12) {
      case 0:
        m.Start();
        break;
      case 1:
        h.Response(i < size ? data[i++] : 0, sse::kNoRetryAfter);
        break;
      case 2: {
        size_t n = i < size ? data[i++] % 32 : 0;
        n = std::min(n, size - i);
        m.OnBodyChunk(data + i, n);
        i += n;
        break;
      }
      case 3:
        m.OnBodyEnd();
        break;
      case 4:
        m.OnNetworkError();
        break;
      case 5:
        m.OnTimerFired();
        break;
      case 7:
        m.Recycle();
        break;
      case 8:
        m.OnRequestRefused();
        break;
      case 9: {
        uint8_t pick = i < size ? data[i++] : 0;  // any reason: futile() takes a wrong one as invalid-request
        m.OnRequestFutile(static_cast<sse::ErrorReason>(pick % 10));
        break;
      }
      case 10:
        m.OnWatchdog(i < size ? data[i++] * 10u : 0);
        break;
      case 11: {
        uint8_t pick = i < size ? data[i++] : 0;
        h.Response(pick, (pick & 0x80) ? 500 : sse::kNoRetryAfter);
        break;
      }
      case 6:
        m.Close();
        h.Check(before, closed_by_user);
        closed_by_user = true;
        continue;
    }
    h.Check(before, closed_by_user);
  }
  return 0;
}
