// The EventSource processing model (WHATWG HTML §9.2.3) as a pure, clock-free state machine.
#ifndef SSE_EVENT_SOURCE_MACHINE_H_
#define SSE_EVENT_SOURCE_MACHINE_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "action_batch.h"
#include "stream_parser.h"

namespace sse {

// The values of EventSource.readyState.
enum class ReadyState : uint32_t { kConnecting = 0, kOpen = 1, kClosed = 2 };

struct MachineOptions {
  ParserLimits limits;
  uint32_t reconnection_time_ms = 3000;  // until the stream sends `retry`
};

// One EventSource's connection logic. Every input clears actions() and appends the actions it causes;
// the caller performs them in order. Inputs that do not apply to the current state (a late response,
// a chunk after close()) are ignored, so callers need no bookkeeping of their own.
class EventSourceMachine : private ParserSink {
 public:
  explicit EventSourceMachine(MachineOptions options);

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
  const std::string& last_event_id() const { return last_event_id_; }
  bool request_in_flight() const { return request_in_flight_; }
  bool reconnect_pending() const { return reconnect_pending_; }
  const ActionBatch& actions() const { return actions_; }

 private:
  // ParserSink
  void OnLastEventId(std::string_view last_event_id) override;
  void OnEvent(std::string_view type, std::string_view data) override;
  void OnRetry(uint32_t milliseconds) override;

  void StartRequest();
  void AnnounceConnection();
  void ReestablishConnection();
  void FailConnection(ErrorReason reason, int status);
  void CheckInvariants() const;

  ReadyState ready_state_ = ReadyState::kConnecting;
  bool started_ = false;
  bool request_in_flight_ = false;
  bool reconnect_pending_ = false;
  bool recycling_ = false;  // a replacement request is in flight while OPEN
  uint32_t reconnection_time_;
  std::string last_event_id_;  // the event source's last event ID string
  StreamParser parser_;
  ActionBatch actions_;
};

}  // namespace sse

#endif  // SSE_EVENT_SOURCE_MACHINE_H_
