// The EventSource processing model (WHATWG HTML §9.2.3) as a pure, clock-free state machine.
#ifndef SSE_EVENT_SOURCE_MACHINE_H_
#define SSE_EVENT_SOURCE_MACHINE_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "action_batch.h"
#include "byte_buffer.h"
#include "dialect.h"
#include "parser_sink.h"
#include "stream_parser.h"

namespace sse {

// The values of EventSource.readyState.
enum class ReadyState : uint32_t { kConnecting = 0, kOpen = 1, kClosed = 2 };

// Which rules a connection follows beyond the stream format.
enum class Profile : uint8_t {
  kEventSource,    // the standard EventSource: 200 only, 3 s default reconnection time
  kLegacyElement,  // Opera 9's <event-source> and addEventSource (2006): 200/201/202/203/206 read,
                   // 204/205/304 reconnect, anything else stops
};

// Opt-in extensions of the reconnection rules (the defaults are the standard's: a fixed reconnection
// time, retry forever, fail on any status but 200, no watchdog). The standard allows them: "user agents
// may ... wait some more ... (exponential backoff)", and failing a connection known to be futile.
struct RetryPolicy {
  // Exponential backoff with full jitter: the n-th reconnection in a row without an `open` waits between
  // the reconnection time (which `retry:` still sets) and min(max_delay_ms, reconnection time * 2^(n-1)).
  bool backoff = false;
  uint32_t max_delay_ms = kDefaultMaxDelay;
  // Fail the connection (kRetriesExhausted) instead of the n-th reconnection in a row without an
  // `open`, n > max_attempts; 0: never.
  uint32_t max_attempts = 0;
  // No bytes (comments included) for this long while a request is in flight is a dropped connection; 0: off.
  uint32_t inactivity_timeout_ms = 0;
};

struct MachineOptions {
  ParserLimits limits;
  uint32_t reconnection_time_ms = kDefaultReconnectionTime;  // until a standard stream sends `retry`
  // A legacy-dialect stream has no `retry`: it is reopened after this.
  uint32_t legacy_reconnection_time_ms = kLegacyReconnectionTime;
  Profile profile = Profile::kEventSource;
  // Read application/x-dom-event-stream responses with the legacy dialect (a deliberate deviation
  // from the standard, which fails the connection for them); false for strict standard behaviour.
  // Ignored (always false) in a build without SSE_LEGACY_DIALECT.
  bool read_legacy_streams = true;
  LegacyOptions legacy;
  RetryPolicy retry;
};

// One EventSource's connection logic. Every input clears actions() and appends the actions it causes;
// the caller performs them in order. Machines may share one ActionBatch (the Wasm build gives all of a
// module's connections one, so an idle connection holds no batch memory): the caller then reads each
// input's actions before giving the next input to any machine. Inputs that do not apply to the current state (a late
// response, a chunk after close()) are ignored, so callers need no bookkeeping of their own.
class EventSourceMachine : private ParserSink {
 public:
  explicit EventSourceMachine(MachineOptions options, ActionBatch* shared_actions = nullptr);
  // Neither copied nor moved: the machine is its parser's sink, so a copy's parser would report to
  // the original (a use-after-free once that is gone). Construct it in place (std::optional::emplace,
  // a member, new).
  EventSourceMachine(const EventSourceMachine&) = delete;
  EventSourceMachine& operator=(const EventSourceMachine&) = delete;
  EventSourceMachine(EventSourceMachine&&) = delete;
  EventSourceMachine& operator=(EventSourceMachine&&) = delete;

  // The constructor's fetch: the first request, without Last-Event-ID; or, given `last_event_id`, one
  // that resumes from it (the connection continues one that others held before: a shared connection's
  // new holder). The last event ID string is then that.
  void Start(std::string_view last_event_id = {});
  // Response headers arrived: announce the connection, or fail it (or, for a status AddRetryStatus
  // named, reconnect: waiting at least retry_after_ms, the Retry-After header's delay).
  void OnResponse(int status, std::string_view content_type, uint32_t retry_after_ms = kNoRetryAfter);
  // A status that reconnects instead of failing the connection (a 5xx from a proxy, 429). Before Start().
  void AddRetryStatus(uint16_t status);
  // Body bytes arrived.
  void OnBodyChunk(const uint8_t* data, size_t size);
  // The body ended normally, or the request failed with a network error: reestablish.
  void OnBodyEnd();
  void OnNetworkError();
  // The request failed and would fail again: the server refused this origin (CORS). Fails the
  // connection, as the standard allows when reconnecting is known to be futile; but a refused request
  // that carried Last-Event-ID goes again at once without it, and so does every later request (a
  // browser preflights that header, where its native EventSource sends it without a preflight: the
  // server may refuse only the preflight, and one that refuses the header is not reading it).
  void OnRequestRefused();
  // The request can never be made (its URL has credentials, or a scheme there is no network for):
  // fails the connection, as futile to retry, with kInvalidRequest.
  void OnRequestInvalid();
  // One of the two above by its reason (kCorsRefused or kInvalidRequest), or kStreamEnded: what the
  // source reads is not a request but a stream, and it ended (it can never be reopened). Any other
  // reason is taken as kInvalidRequest. The Wasm binding's single entry for them.
  void OnRequestFutile(ErrorReason reason);
  // The reconnect scheduled by kScheduleReconnect is due.
  void OnTimerFired();
  // The watchdog that kWatchdog armed is due; idle_ms: how long since the request started or its
  // last bytes arrived. At inactivity_timeout_ms or more, the request is aborted and the connection
  // reestablished; less (bytes came meanwhile), the watchdog is armed again for the rest.
  void OnWatchdog(uint32_t idle_ms);
  // EventSource.close(): CLOSED from any state; nothing fires afterwards.
  void Close();
  // A transport that keeps the whole response in memory (XHR) asks for a fresh request. Honoured
  // only while OPEN, between two events, and with a last event ID to resume from, so nothing is
  // lost: the request is replaced without `error` and readyState stays OPEN. Otherwise ignored (the
  // caller asks again after the next chunk).
  void Recycle();

  ReadyState ready_state() const { return ready_state_; }
  uint32_t reconnection_time() const { return reconnection_time_; }
  // Reconnections in a row since the last `open` (or the start).
  uint32_t attempts() const { return attempts_; }
  std::string_view last_event_id() const { return last_event_id_.view(); }
  bool request_in_flight() const { return request_in_flight_; }
  bool reconnect_pending() const { return reconnect_pending_; }
  const ActionBatch& actions() const { return shared_actions_ != nullptr ? *shared_actions_ : own_actions_; }

 private:
  // ParserSink
  void OnLastEventId(ByteBuffer& last_event_id) override;
  void OnEvent(std::string_view type, std::string_view data, const EventOptions& options) override;
  void OnRetry(uint32_t milliseconds) override;

  bool StatusIsReadable(int status) const;
  bool StatusMeansReconnect(int status) const;
  bool StatusIsRetried(int status) const;
  void StartRequest();
  void StartStream(Dialect dialect);
  void AnnounceConnection();
  // status and retry_after_ms: of a response that reconnects (legacy 204/205/304, AddRetryStatus).
  void ReestablishConnection(int status = 0, uint32_t retry_after_ms = kNoRetryAfter);
  void ArmWatchdog(uint32_t ms);
  void CancelWatchdog();
  void FailConnection(ErrorReason reason, int status);
  // A request known to be futile (OnRequestRefused, OnRequestInvalid): fails the connection if one is in flight.
  void FailFutileRequest(ErrorReason reason);
  void CheckInvariants() const;
  void Emit(ActionKind kind, uint32_t a = 0, uint32_t b = 0, uint32_t c = 0);
  ActionBatch& batch() { return shared_actions_ != nullptr ? *shared_actions_ : own_actions_; }

  ReadyState ready_state_ = ReadyState::kConnecting;
  bool started_ = false;
  bool request_in_flight_ = false;
  bool reconnect_pending_ = false;
  bool recycling_ = false;  // a replacement request is in flight while OPEN
  const MachineOptions options_;
  uint32_t reconnection_time_;
  uint32_t attempts_ = 0;
  Buffer<uint16_t> retry_statuses_;       // AddRetryStatus; empty by default (no memory)
  ByteBuffer last_event_id_;              // the event source's last event ID string
  bool request_has_id_ = false;           // the request in flight carries Last-Event-ID
  bool omit_last_event_id_ = false;       // a request with Last-Event-ID was refused (OnRequestRefused)
  Dialect dialect_ = Dialect::kStandard;  // of the current or last stream
  std::optional<StreamParser> parser_;    // one per response body
  ActionBatch* const shared_actions_;
  ActionBatch own_actions_;  // used when no batch is shared
};

}  // namespace sse

#endif  // SSE_EVENT_SOURCE_MACHINE_H_
