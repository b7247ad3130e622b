// The EventSource processing model (WHATWG HTML §9.2.3): announce, reestablish, fail, close.
#include "event_source_machine.h"

#include <cassert>
#include <utility>

#include "mime_type.h"

namespace sse {
namespace {

// OnLastEventId releases the parser's id buffer when it grew past this.
constexpr size_t kRetainedIdBytes = size_t{4} << 10;

}  // namespace

EventSourceMachine::EventSourceMachine(MachineOptions options, ActionBatch* shared_actions)
    : options_(options), reconnection_time_(options.reconnection_time_ms), shared_actions_(shared_actions) {}

void EventSourceMachine::Start(std::string_view last_event_id) {
  batch().Clear();
  if (started_ || ready_state_ == ReadyState::kClosed) return;
  started_ = true;
  if (!last_event_id.empty()) {
    last_event_id_.assign(last_event_id);
    TextRef id = batch().AddText(last_event_id_.view());
    Emit(ActionKind::kSetLastEventId, id.offset, id.length);
  }
  StartRequest();
  CheckInvariants();
}

void EventSourceMachine::AddRetryStatus(uint16_t status) { retry_statuses_.push_back(status); }

void EventSourceMachine::OnResponse(int status, std::string_view content_type, uint32_t retry_after_ms) {
  batch().Clear();
  if (!request_in_flight_ || (ready_state_ != ReadyState::kConnecting && !recycling_)) return;
  const bool was_recycling = recycling_;
  recycling_ = false;
  // [spec] "if res's status is not 200, or if res's `Content-Type` is not `text/event-stream`,
  // then fail the connection." Otherwise "announce the connection". The legacy dialect is read when
  // allowed, and the legacy profile has the 2006 status rules.
  const std::string_view essence = ExtractMimeEssence(content_type);
  if (StatusMeansReconnect(status)) {
    ReestablishConnection();
  } else if (!StatusIsReadable(status) && StatusIsRetried(status)) {
    // The retry policy's extension: a status the caller named (a proxy's 502, a 429) reconnects.
    Emit(ActionKind::kAbortRequest);
    ReestablishConnection(status, retry_after_ms);
  } else if (!StatusIsReadable(status)) {
    FailConnection(ErrorReason::kBadStatus, status);
  } else if (EqualsIgnoringAsciiCase(essence, "text/event-stream")) {
    StartStream(Dialect::kStandard);
  } else if (SSE_LEGACY_DIALECT && options_.read_legacy_streams &&
             EqualsIgnoringAsciiCase(essence, "application/x-dom-event-stream")) {
    StartStream(Dialect::kLegacy);
  } else {
    FailConnection(ErrorReason::kBadContentType, status);
  }
  // A replacement request (Recycle) continues the connection: it is OPEN already, no second `open`.
  if (ready_state_ == ReadyState::kConnecting && parser_.has_value() && !was_recycling) AnnounceConnection();
  CheckInvariants();
}

bool EventSourceMachine::StatusIsReadable(int status) const {
  if (options_.profile == Profile::kEventSource) return status == 200;
  // 2006: 201, 202, 203 and 206 are read like 200.
  return status == 200 || status == 201 || status == 202 || status == 203 || status == 206;
}

bool EventSourceMachine::StatusMeansReconnect(int status) const {
  // 2006: 204 and 205 are a 200 with an empty body, 304 a 200 from the cache: reopen later.
  return options_.profile == Profile::kLegacyElement && (status == 204 || status == 205 || status == 304);
}

bool EventSourceMachine::StatusIsRetried(int status) const {
  for (size_t i = 0; i < retry_statuses_.size(); ++i) {
    if (retry_statuses_[i] == status) return true;
  }
  return false;
}

// Each response body is a new stream, read by a new parser of its dialect.
void EventSourceMachine::StartStream(Dialect dialect) {
  dialect_ = dialect;
  ParserSink* sink = this;  // the private base, converted where it is accessible
  parser_.emplace(options_.limits, sink, dialect, options_.legacy);
}

void EventSourceMachine::OnBodyChunk(const uint8_t* data, size_t size) {
  batch().Clear();
  if (ready_state_ != ReadyState::kOpen || recycling_ || !parser_.has_value()) return;
  switch (parser_->Feed(data, size)) {
    case ParseStatus::kOk:
      break;
    case ParseStatus::kLineTooLong:
      FailConnection(ErrorReason::kLineTooLong, 0);
      break;
    case ParseStatus::kEventTooLarge:
      FailConnection(ErrorReason::kEventTooLarge, 0);
      break;
  }
  CheckInvariants();
}

void EventSourceMachine::OnBodyEnd() {
  batch().Clear();
  // [spec] processEventSourceEndOfBody: "if res is not a network error, then reestablish the
  // connection". Pending data of an unfinished event is dropped with the parser's state.
  if (request_in_flight_) ReestablishConnection();
  CheckInvariants();
}

void EventSourceMachine::OnNetworkError() {
  batch().Clear();
  // [spec] "if res is a network error, then reestablish the connection, unless the user agent
  // knows that to be futile". Here nothing is known to be futile.
  if (request_in_flight_) ReestablishConnection();
  CheckInvariants();
}

void EventSourceMachine::OnRequestRefused() {
  if (!request_in_flight_ || !request_has_id_) return FailFutileRequest(ErrorReason::kCorsRefused);
  batch().Clear();
  omit_last_event_id_ = true;  // no error fires: native's request would have needed no preflight
  StartRequest();
  CheckInvariants();
}

void EventSourceMachine::OnRequestInvalid() { FailFutileRequest(ErrorReason::kInvalidRequest); }

void EventSourceMachine::OnRequestFutile(ErrorReason reason) {
  if (reason == ErrorReason::kCorsRefused) return OnRequestRefused();
  if (reason != ErrorReason::kStreamEnded) reason = ErrorReason::kInvalidRequest;
  FailFutileRequest(reason);
}

void EventSourceMachine::FailFutileRequest(ErrorReason reason) {
  batch().Clear();
  // [spec] "... unless the user agent knows that to be futile, in which case the user agent may fail
  // the connection."
  if (request_in_flight_) FailConnection(reason, 0);
  CheckInvariants();
}

void EventSourceMachine::OnTimerFired() {
  batch().Clear();
  // [spec] reestablish, step 5: "if the EventSource object's readyState attribute is not set to
  // CONNECTING, then return" — close() already cleared reconnect_pending_.
  if (!reconnect_pending_) return;
  reconnect_pending_ = false;
  StartRequest();
  CheckInvariants();
}

void EventSourceMachine::OnWatchdog(uint32_t idle_ms) {
  batch().Clear();
  const uint32_t timeout = options_.retry.inactivity_timeout_ms;
  if (!request_in_flight_ || timeout == 0) return;  // a late timer: the request it watched is over
  if (idle_ms < timeout) return ArmWatchdog(timeout - idle_ms);
  // Silent for too long: as if the connection dropped (a network error), after aborting the request.
  Emit(ActionKind::kAbortRequest);
  ReestablishConnection();
  CheckInvariants();
}

void EventSourceMachine::Recycle() {
  batch().Clear();
  if (ready_state_ != ReadyState::kOpen || recycling_ || last_event_id_.empty() || !parser_.has_value() ||
      !parser_->AtEventBoundary()) {
    return;
  }
  Emit(ActionKind::kAbortRequest);
  recycling_ = true;
  StartRequest();
  CheckInvariants();
}

void EventSourceMachine::Close() {
  batch().Clear();
  // [spec] close(): abort any instances of the fetch algorithm started for this EventSource object,
  // and set the readyState attribute to CLOSED. No event fires.
  if (request_in_flight_) Emit(ActionKind::kAbortRequest);
  if (reconnect_pending_) Emit(ActionKind::kCancelReconnect);
  if (request_in_flight_) CancelWatchdog();
  request_in_flight_ = false;
  reconnect_pending_ = false;
  recycling_ = false;
  parser_.reset();
  ready_state_ = ReadyState::kClosed;
  CheckInvariants();
}

// [spec] reestablish, step 5: "If the EventSource object's last event ID string is not the empty
// string, set (`Last-Event-ID`, last event ID string, encoded as UTF-8) in request's header list."
// Legacy servers never sent ids and get no Last-Event-ID; nor does a server that refused it.
void EventSourceMachine::StartRequest() {
  request_in_flight_ = true;
  const bool send_id = dialect_ != Dialect::kLegacy && !omit_last_event_id_;
  TextRef id = batch().AddText(send_id ? last_event_id_.view() : std::string_view());
  request_has_id_ = id.length != 0;
  Emit(ActionKind::kStartRequest, id.offset, id.length);
  if (options_.retry.inactivity_timeout_ms != 0) ArmWatchdog(options_.retry.inactivity_timeout_ms);
}

// The watchdog runs only while a request is in flight (armed in StartRequest, cancelled as it ends).
void EventSourceMachine::ArmWatchdog(uint32_t ms) { Emit(ActionKind::kWatchdog, ms); }

void EventSourceMachine::CancelWatchdog() {
  if (options_.retry.inactivity_timeout_ms != 0) ArmWatchdog(0);
}

// [spec] "Announce the connection": set readyState to OPEN and fire `open`.
void EventSourceMachine::AnnounceConnection() {
  ready_state_ = ReadyState::kOpen;
  attempts_ = 0;  // the retry policy counts reconnections in a row without an `open`
  Emit(ActionKind::kAnnounce);
}

// [spec] "Reestablish the connection": readyState CONNECTING, fire `error`, wait the reconnection
// time, then fetch again (StartRequest on OnTimerFired). The wait is scheduled before the error record,
// which the caller fires in a task of its own: the standard waits in parallel with that task.
// A legacy stream has no `retry`: it is reopened after legacy_reconnection_time_ms.
// The retry policy (all opt-in): past max_attempts, fail the connection instead; with backoff, wait a
// random time between the reconnection time and a ceiling that doubles with each attempt in a row (the
// caller draws it: kScheduleReconnect's b is the range); never less than a Retry-After.
void EventSourceMachine::ReestablishConnection(int status, uint32_t retry_after_ms) {
  const RetryPolicy& retry = options_.retry;
  if (request_in_flight_) CancelWatchdog();
  request_in_flight_ = false;
  recycling_ = false;
  parser_.reset();
  if (retry.max_attempts != 0 && attempts_ >= retry.max_attempts) {
    ready_state_ = ReadyState::kClosed;
    Emit(ActionKind::kFireError, static_cast<uint32_t>(ReadyState::kClosed),
         static_cast<uint32_t>(ErrorReason::kRetriesExhausted), static_cast<uint32_t>(status));
    return;
  }
  if (attempts_ != UINT32_MAX) ++attempts_;
  ready_state_ = ReadyState::kConnecting;
  reconnect_pending_ = true;
  uint64_t low = dialect_ == Dialect::kLegacy ? options_.legacy_reconnection_time_ms : reconnection_time_;
  uint64_t high = low;
  if (retry.backoff) {
    for (uint32_t n = 1; n < attempts_ && high < retry.max_delay_ms; ++n) high *= 2;
    if (high > retry.max_delay_ms) high = retry.max_delay_ms > low ? retry.max_delay_ms : low;
  }
  if (retry_after_ms != kNoRetryAfter) {
    if (low < retry_after_ms) low = retry_after_ms;
    if (high < retry_after_ms) high = retry_after_ms;
  }
  // The wait first, then the error that announces it: the caller knows when the next request goes (and
  // which attempt it is) by the time the event fires, and can put both on it.
  Emit(ActionKind::kScheduleReconnect, static_cast<uint32_t>(low), static_cast<uint32_t>(high - low), attempts_);
  Emit(ActionKind::kFireError, static_cast<uint32_t>(ReadyState::kConnecting),
       static_cast<uint32_t>(ErrorReason::kReconnecting), static_cast<uint32_t>(status));
}

// [spec] "Fail the connection": readyState CLOSED, fire `error`; never reconnect.
void EventSourceMachine::FailConnection(ErrorReason reason, int status) {
  if (request_in_flight_) {
    Emit(ActionKind::kAbortRequest);
    CancelWatchdog();
  }
  request_in_flight_ = false;
  recycling_ = false;
  parser_.reset();
  ready_state_ = ReadyState::kClosed;
  Emit(ActionKind::kFireError, static_cast<uint32_t>(ReadyState::kClosed), static_cast<uint32_t>(reason),
       static_cast<uint32_t>(status));
}

// The ID's memory is taken from the parser, not copied (a 10 MiB id is then held once in the machine,
// once in the batch): the buffers swap, and the one the parser gets back is released when it grew large,
// before the batch copies the new ID.
void EventSourceMachine::OnLastEventId(ByteBuffer& last_event_id) {
  last_event_id_.Swap(last_event_id);
  last_event_id.ClearAndTrim(kRetainedIdBytes);
  TextRef id = batch().AddText(last_event_id_.view());
  Emit(ActionKind::kSetLastEventId, id.offset, id.length);
}

void EventSourceMachine::OnEvent(std::string_view type, std::string_view data, const EventOptions& options) {
  if (dialect_ == Dialect::kLegacy) {
    TextRef target = batch().AddText(options.target);
    batch().Add(ActionKind::kDispatchOptions, target.offset, target.length,
                (options.bubbles ? kBubblesFlag : 0) | (options.cancelable ? kCancelableFlag : 0));
  }
  TextRef type_ref = ParserSink::IsMessage(type) ? TextRef{kMessageType, 0} : batch().AddRepeatedText(type);
  TextRef data_ref = batch().AddText(data, options.data_ascii);
  batch().Add(ActionKind::kDispatch, type_ref.offset, type_ref.length, data_ref.offset, data_ref.length);
}

// Out of line: every transition adds a record, and inlining each Add (a capacity check, a possible
// reallocation, five stores) cost ~1.5 KB of Wasm for no speed. OnEvent, the hot path, adds inline.
__attribute__((noinline)) void EventSourceMachine::Emit(ActionKind kind, uint32_t a, uint32_t b, uint32_t c) {
  batch().Add(kind, a, b, c);
}

void EventSourceMachine::OnRetry(uint32_t milliseconds) { reconnection_time_ = milliseconds; }

void EventSourceMachine::CheckInvariants() const {
  assert(!(request_in_flight_ && reconnect_pending_));
  assert(ready_state_ != ReadyState::kOpen || (request_in_flight_ && !reconnect_pending_));
  assert(ready_state_ != ReadyState::kClosed || (!request_in_flight_ && !reconnect_pending_));
  assert(!recycling_ || (ready_state_ == ReadyState::kOpen && request_in_flight_));
  assert(!parser_.has_value() || request_in_flight_);
  assert(ready_state_ != ReadyState::kOpen || parser_.has_value());
}

}  // namespace sse
