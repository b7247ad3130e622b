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

struct MachineOptions {
  ParserLimits limits;
  uint32_t reconnection_time_ms = 3000;  // until a standard stream sends `retry`
  Profile profile = Profile::kEventSource;
  // Read application/x-dom-event-stream responses with the legacy dialect (a deliberate deviation
  // from the standard, which fails the connection for them); false for strict standard behaviour.
  // Ignored (always false) in a build without SSE_LEGACY_DIALECT.
  bool read_legacy_streams = true;
  LegacyOptions legacy;
};

// 2006: clients reopen a closed legacy stream "after a short interval (such as 5 seconds)".
constexpr uint32_t kLegacyReconnectionTime = 5000;

// One EventSource's connection logic. Every input clears actions() and appends the actions it causes;
// the caller performs them in order. Machines may share one ActionBatch (the Wasm build gives all of a
// module's connections one, so an idle connection holds no batch memory): the caller then reads each
// input's actions before giving the next input to any machine. Inputs that do not apply to the current state (a late response,
// a chunk after close()) are ignored, so callers need no bookkeeping of their own.
class EventSourceMachine : private ParserSink {
 public:
  explicit EventSourceMachine(MachineOptions options, ActionBatch* shared_actions = nullptr);

  // The constructor's fetch: the first request, without Last-Event-ID.
  void Start();
  // Response headers arrived: announce the connection, or fail it.
  void OnResponse(int status, std::string_view content_type);
  // Body bytes arrived.
  void OnBodyChunk(const uint8_t* data, size_t size);
  // The body ended normally, or the request failed with a network error: reestablish.
  void OnBodyEnd();
  void OnNetworkError();
  // The request failed and would fail again: the server refused this origin (CORS). Fails the
  // connection, as the standard allows when reconnecting is known to be futile.
  void OnRequestRefused();
  // The request can never be made (its URL has credentials, or a scheme there is no network for):
  // fails the connection, as futile to retry, with kInvalidRequest.
  void OnRequestInvalid();
  // The reconnect scheduled by kScheduleReconnect is due.
  void OnTimerFired();
  // EventSource.close(): CLOSED from any state; nothing fires afterwards.
  void Close();
  // A transport that keeps the whole response in memory (XHR) asks for a fresh request. Honoured
  // only while OPEN, between two events, and with a last event ID to resume from, so nothing is
  // lost: the request is replaced without `error` and readyState stays OPEN. Otherwise ignored (the
  // caller asks again after the next chunk).
  void Recycle();

  ReadyState ready_state() const { return ready_state_; }
  uint32_t reconnection_time() const { return reconnection_time_; }
  std::string_view last_event_id() const { return last_event_id_.view(); }
  bool request_in_flight() const { return request_in_flight_; }
  bool reconnect_pending() const { return reconnect_pending_; }
  const ActionBatch& actions() const { return shared_actions_ != nullptr ? *shared_actions_ : own_actions_; }

 private:
  // ParserSink
  void OnLastEventId(std::string_view last_event_id) override;
  void OnEvent(std::string_view type, std::string_view data, const EventOptions& options) override;
  void OnRetry(uint32_t milliseconds) override;

  bool StatusIsReadable(int status) const;
  bool StatusMeansReconnect(int status) const;
  void StartRequest();
  void StartStream(Dialect dialect);
  void AnnounceConnection();
  void ReestablishConnection();
  void FailConnection(ErrorReason reason, int status);
  // A request known to be futile (OnRequestRefused, OnRequestInvalid): fails the connection if one is in flight.
  void FailFutileRequest(ErrorReason reason);
  void CheckInvariants() const;
  ActionBatch& batch() { return shared_actions_ != nullptr ? *shared_actions_ : own_actions_; }

  ReadyState ready_state_ = ReadyState::kConnecting;
  bool started_ = false;
  bool request_in_flight_ = false;
  bool reconnect_pending_ = false;
  bool recycling_ = false;  // a replacement request is in flight while OPEN
  const MachineOptions options_;
  uint32_t reconnection_time_;
  ByteBuffer last_event_id_;  // the event source's last event ID string
  Dialect dialect_ = Dialect::kStandard;  // of the current or last stream
  std::optional<StreamParser> parser_;    // one per response body
  ActionBatch* const shared_actions_;
  ActionBatch own_actions_;  // used when no batch is shared
};

}  // namespace sse

#endif  // SSE_EVENT_SOURCE_MACHINE_H_
