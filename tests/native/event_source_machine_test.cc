// Every transition of the EventSource state machine (WHATWG HTML §9.2.3), read as action transcripts.
#include "event_source_machine.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "test_support.h"

namespace sse {
namespace {

using Actions = std::vector<std::string>;

// The last input's actions as readable strings, e.g. "start(7)" or "error(closed,bad-status,404)".
Actions Transcript(const EventSourceMachine& m) {
  static const char* const kStates[] = {"connecting", "open", "closed"};
  const ActionBatch& b = m.actions();
  Actions out;
  for (size_t i = 0; i < b.size(); ++i) {
    auto text = [&](size_t n) { return testing::ArenaText(b, b.arg(i, n), b.arg(i, n + 1)); };
    switch (b.kind(i)) {
      case ActionKind::kStartRequest:
        out.push_back("start(" + text(0) + ")");
        break;
      case ActionKind::kAbortRequest:
        out.push_back("abort");
        break;
      case ActionKind::kAnnounce:
        out.push_back("open");
        break;
      case ActionKind::kFireError:
        out.push_back(std::string("error(") + kStates[b.arg(i, 0)] + "," +
                      ErrorReasonCode(static_cast<ErrorReason>(b.arg(i, 1))) + "," + std::to_string(b.arg(i, 2)) + ")");
        break;
      case ActionKind::kScheduleReconnect:  // "schedule(3000)", or with a jitter range "schedule(3000+3000)"
        out.push_back("schedule(" + std::to_string(b.arg(i, 0)) +
                      (b.arg(i, 1) != 0 ? "+" + std::to_string(b.arg(i, 1)) : "") + ")");
        break;
      case ActionKind::kWatchdog:
        out.push_back("watchdog(" + std::to_string(b.arg(i, 0)) + ")");
        break;
      case ActionKind::kCancelReconnect:
        out.push_back("cancel");
        break;
      case ActionKind::kSetLastEventId:
        out.push_back("id(" + text(0) + ")");
        break;
      case ActionKind::kDispatch:
        out.push_back("dispatch(" + (b.arg(i, 0) == kMessageType ? std::string("message") : text(0)) + "," + text(2) +
                      ")");
        break;
      case ActionKind::kDispatchOptions:
        out.push_back("options(" + text(0) + "," + ((b.arg(i, 2) & kBubblesFlag) ? "bubbles" : "-") + "," +
                      ((b.arg(i, 2) & kCancelableFlag) ? "cancelable" : "-") + ")");
        break;
    }
  }
  return out;
}

// The kScheduleReconnect of the machine's last batch, as Transcript writes it ("" if none).
std::string Scheduled(const EventSourceMachine& m) {
  for (const std::string& action : Transcript(m)) {
    if (action.rfind("schedule(", 0) == 0) return action;
  }
  return "";
}

void Body(EventSourceMachine& m, const std::string& bytes) {
  m.OnBodyChunk(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
}

// A machine that has started and been announced. Built in place: machines are neither copied nor moved.
struct OpenMachine : EventSourceMachine {
  explicit OpenMachine(MachineOptions options = {}) : EventSourceMachine(options) {
    Start();
    OnResponse(200, "text/event-stream");
  }
};

TEST(EventSourceMachine, StartsConnectingWithNothingToDo) {
  EventSourceMachine m({});
  EXPECT_EQ(m.ready_state(), ReadyState::kConnecting);
  EXPECT_EQ(m.reconnection_time(), 3000u);
  EXPECT_TRUE(Transcript(m).empty());
}

TEST(EventSourceMachine, StartRequestsWithoutLastEventIdOnlyOnce) {
  EventSourceMachine m({});
  m.Start();
  EXPECT_EQ(Transcript(m), Actions{"start()"});
  EXPECT_TRUE(m.request_in_flight());
  m.Start();
  EXPECT_TRUE(Transcript(m).empty());
}

TEST(EventSourceMachine, Status200WithEventStreamTypeAnnouncesTheConnection) {
  EventSourceMachine m({});
  m.Start();
  m.OnResponse(200, "text/event-stream; charset=utf-8");
  EXPECT_EQ(Transcript(m), Actions{"open"});
  EXPECT_EQ(m.ready_state(), ReadyState::kOpen);
}

TEST(EventSourceMachine, AnyOtherStatusFailsTheConnectionForGood) {
  for (int status : {201, 204, 205, 301, 304, 404, 500, 503}) {
    EventSourceMachine m({});
    m.Start();
    m.OnResponse(status, "text/event-stream");
    EXPECT_EQ(Transcript(m), (Actions{"abort", "error(closed,bad-status," + std::to_string(status) + ")"}));
    EXPECT_EQ(m.ready_state(), ReadyState::kClosed);
    m.OnTimerFired();
    m.OnBodyEnd();
    EXPECT_TRUE(Transcript(m).empty()) << status;
  }
}

TEST(EventSourceMachine, AnotherContentTypeFailsTheConnection) {
  EventSourceMachine m({});
  m.Start();
  m.OnResponse(200, "text/plain");
  EXPECT_EQ(Transcript(m), (Actions{"abort", "error(closed,bad-content-type,200)"}));
  EXPECT_EQ(m.ready_state(), ReadyState::kClosed);
}

TEST(EventSourceMachine, BodyBytesBecomeDispatchesAndIdUpdates) {
  OpenMachine m;
  Body(m, "id: 1\nevent: tick\ndata: a\n\ndata: b\n\n");
  EXPECT_EQ(Transcript(m), (Actions{"id(1)", "dispatch(tick,a)", "dispatch(message,b)"}));
  EXPECT_EQ(m.last_event_id(), "1");
}

TEST(EventSourceMachine, BodyBytesBeforeTheResponseAreIgnored) {
  EventSourceMachine m({});
  m.Start();
  Body(m, "data: early\n\n");
  EXPECT_TRUE(Transcript(m).empty());
}

TEST(EventSourceMachine, EndOfBodyReestablishesAfterTheReconnectionTime) {
  OpenMachine m;
  m.OnBodyEnd();
  EXPECT_EQ(Transcript(m), (Actions{"schedule(3000)", "error(connecting,reconnecting,0)"}));
  EXPECT_EQ(m.ready_state(), ReadyState::kConnecting);
  EXPECT_TRUE(m.reconnect_pending());
}

TEST(EventSourceMachine, TextsOfRecordsAreAddressedInUtf16CodeUnits) {
  OpenMachine m;
  Body(m,
       "id: \xC3\xA9\xF0\x9F\x98\x80\nevent: \xE2\x82\xAC\ndata: a\xF0\x9F\x98\x80"
       "b\n\n");
  const ActionBatch& b = m.actions();
  ASSERT_EQ(b.size(), 2u);
  EXPECT_EQ(b.arg(0, 0), 0u);  // id "é😀": 1 + 2 units
  EXPECT_EQ(b.arg(0, 1), 3u);
  EXPECT_EQ(b.arg(1, 0), 3u);  // type "€": 1 unit
  EXPECT_EQ(b.arg(1, 1), 1u);
  EXPECT_EQ(b.arg(1, 2), 4u);  // data "a😀b": 4 units
  EXPECT_EQ(b.arg(1, 3), 4u);
  EXPECT_EQ(Transcript(m), (Actions{"id(\xC3\xA9\xF0\x9F\x98\x80)",
                                    "dispatch(\xE2\x82\xAC,a\xF0\x9F\x98\x80"
                                    "b)"}));
  // `message`, the most common type, is a sentinel instead of text.
  Body(m, "event: message\ndata: x\n\ndata: y\n\n");
  EXPECT_EQ(m.actions().arg(0, 0), kMessageType);
  EXPECT_EQ(m.actions().arg(1, 0), kMessageType);
  EXPECT_EQ(testing::ArenaText(m.actions()), "xy");
  EXPECT_FALSE(m.actions().text_is_wide());
}

TEST(EventSourceMachine, RetryFieldChangesTheReconnectDelay) {
  OpenMachine m;
  Body(m, "retry: 25\n");
  m.OnBodyEnd();
  EXPECT_EQ(Transcript(m), (Actions{"schedule(25)", "error(connecting,reconnecting,0)"}));
  EXPECT_EQ(m.reconnection_time(), 25u);
}

TEST(EventSourceMachine, TheInitialReconnectionTimeIsAnOption) {
  MachineOptions options;
  options.reconnection_time_ms = 50;
  OpenMachine m(options);
  m.OnNetworkError();
  EXPECT_EQ(Scheduled(m), "schedule(50)");
}

TEST(EventSourceMachine, NetworkErrorBeforeAnyResponseReestablishes) {
  EventSourceMachine m({});
  m.Start();
  m.OnNetworkError();
  EXPECT_EQ(Transcript(m), (Actions{"schedule(3000)", "error(connecting,reconnecting,0)"}));
}

TEST(EventSourceMachine, ARequestRefusedByCorsFailsTheConnectionForGood) {
  EventSourceMachine m({});
  m.Start();
  m.OnRequestRefused();
  EXPECT_EQ(Transcript(m), (Actions{"abort", "error(closed,cors-refused,0)"}));
  EXPECT_EQ(m.ready_state(), ReadyState::kClosed);
  m.OnTimerFired();
  EXPECT_TRUE(Transcript(m).empty());
}

TEST(EventSourceMachine, AnInvalidRequestFailsTheConnectionForGood) {
  EventSourceMachine m({});
  m.Start();
  m.OnRequestInvalid();
  EXPECT_EQ(Transcript(m), (Actions{"abort", "error(closed,invalid-request,0)"}));
  EXPECT_EQ(m.ready_state(), ReadyState::kClosed);
  m.OnTimerFired();
  EXPECT_TRUE(Transcript(m).empty());
}

TEST(EventSourceMachine, AnInvalidRequestWithoutARequestInFlightIsIgnored) {
  OpenMachine m;
  m.OnBodyEnd();
  m.OnRequestInvalid();
  EXPECT_TRUE(Transcript(m).empty());
  EXPECT_TRUE(m.reconnect_pending());
}

TEST(EventSourceMachine, ARefusedReconnectionFailsTheConnection) {
  OpenMachine m;
  m.OnBodyEnd();
  m.OnTimerFired();
  m.OnRequestRefused();
  EXPECT_EQ(Transcript(m), (Actions{"abort", "error(closed,cors-refused,0)"}));
}

TEST(EventSourceMachine, ARefusedRequestWithLastEventIdGoesAgainWithoutItFromThenOn) {
  OpenMachine m;
  Body(m, "id: 7\ndata: a\n\n");
  m.OnBodyEnd();
  m.OnTimerFired();
  EXPECT_EQ(Transcript(m), (Actions{"start(7)"}));
  m.OnRequestRefused();  // a browser preflights Last-Event-ID, and this server refused the preflight
  EXPECT_EQ(Transcript(m), (Actions{"start()"}));  // at once, and no error fires
  EXPECT_EQ(m.ready_state(), ReadyState::kConnecting);
  m.OnResponse(200, "text/event-stream");
  Body(m, "data: b\n\n");
  EXPECT_EQ(Transcript(m), (Actions{"dispatch(message,b)"}));  // the last event ID string is kept
  m.OnBodyEnd();
  m.OnTimerFired();
  EXPECT_EQ(Transcript(m), (Actions{"start()"}));
  m.OnRequestRefused();  // refused without Last-Event-ID: futile
  EXPECT_EQ(Transcript(m), (Actions{"abort", "error(closed,cors-refused,0)"}));
}

TEST(EventSourceMachine, StartsFromTheLastEventIdItIsGivenAndKeepsIt) {
  EventSourceMachine m({});
  m.Start("41");
  EXPECT_EQ(Transcript(m), (Actions{"id(41)", "start(41)"}));
  m.OnResponse(200, "text/event-stream");
  Body(m, "data: x\n\n");
  EXPECT_EQ(Transcript(m), (Actions{"dispatch(message,x)"}));
  EXPECT_EQ(m.last_event_id(), "41");
}

TEST(EventSourceMachine, ARefusalWithoutARequestInFlightIsIgnored) {
  OpenMachine m;
  m.OnBodyEnd();
  m.OnRequestRefused();
  EXPECT_TRUE(Transcript(m).empty());
  EXPECT_TRUE(m.reconnect_pending());
}

TEST(EventSourceMachine, TimerStartsTheNextRequestWithTheLastEventId) {
  OpenMachine m;
  Body(m, "id: 42\ndata: x\n\n");
  m.OnNetworkError();
  m.OnTimerFired();
  EXPECT_EQ(Transcript(m), Actions{"start(42)"});
  EXPECT_FALSE(m.reconnect_pending());
  m.OnResponse(200, "text/event-stream");
  EXPECT_EQ(Transcript(m), Actions{"open"});
}

TEST(EventSourceMachine, EventsAfterReconnectWithoutIdKeepTheLastEventId) {
  OpenMachine m;
  Body(m, "id: 42\ndata: x\n\n");
  m.OnBodyEnd();
  m.OnTimerFired();
  m.OnResponse(200, "text/event-stream");
  Body(m, "data: y\n\n");
  EXPECT_EQ(Transcript(m), Actions{"dispatch(message,y)"});
  EXPECT_EQ(m.last_event_id(), "42");
}

TEST(EventSourceMachine, AnEmptyIdFieldResetsTheLastEventIdSoNoHeaderIsSent) {
  OpenMachine m;
  Body(m, "id: 42\ndata: x\n\nid\n\n");
  m.OnBodyEnd();
  m.OnTimerFired();
  EXPECT_EQ(Transcript(m), Actions{"start()"});
}

TEST(EventSourceMachine, APartialEventAtTheEndOfABodyIsNeverDispatched) {
  OpenMachine m;
  Body(m, "id: 1\ndata: whole\n\nid: 2\ndata: part");
  m.OnBodyEnd();
  m.OnTimerFired();
  EXPECT_EQ(Transcript(m), Actions{"start(1)"});
  m.OnResponse(200, "text/event-stream");
  Body(m, "\n\ndata: next\n\n");  // the new stream shares no buffer with the dropped one
  EXPECT_EQ(Transcript(m), Actions{"dispatch(message,next)"});
}

TEST(EventSourceMachine, TimerWithoutAPendingReconnectDoesNothing) {
  OpenMachine m;
  m.OnTimerFired();
  EXPECT_TRUE(Transcript(m).empty());
}

TEST(EventSourceMachine, CloseWhileOpenAbortsTheRequestAndFiresNothing) {
  OpenMachine m;
  m.Close();
  EXPECT_EQ(Transcript(m), Actions{"abort"});
  EXPECT_EQ(m.ready_state(), ReadyState::kClosed);
  Body(m, "data: late\n\n");
  m.OnBodyEnd();
  m.OnNetworkError();
  m.OnResponse(200, "text/event-stream");
  EXPECT_TRUE(Transcript(m).empty());
}

TEST(EventSourceMachine, CloseWhileWaitingToReconnectCancelsTheTimer) {
  OpenMachine m;
  m.OnBodyEnd();
  m.Close();
  EXPECT_EQ(Transcript(m), Actions{"cancel"});
  m.OnTimerFired();
  EXPECT_TRUE(Transcript(m).empty());
}

TEST(EventSourceMachine, CloseBeforeStartMeansNoRequestEver) {
  EventSourceMachine m({});
  m.Close();
  EXPECT_TRUE(Transcript(m).empty());
  m.Start();
  EXPECT_TRUE(Transcript(m).empty());
  EXPECT_EQ(m.ready_state(), ReadyState::kClosed);
}

TEST(EventSourceMachine, CloseBeforeTheResponseMeansNoOpenEver) {
  EventSourceMachine m({});
  m.Start();
  m.Close();
  EXPECT_EQ(Transcript(m), Actions{"abort"});
  m.OnResponse(200, "text/event-stream");
  EXPECT_TRUE(Transcript(m).empty());
}

TEST(EventSourceMachine, CloseTwiceDoesNothingTheSecondTime) {
  OpenMachine m;
  m.Close();
  m.Close();
  EXPECT_TRUE(Transcript(m).empty());
}

TEST(EventSourceMachine, ALineOverTheLimitFailsTheConnection) {
  MachineOptions options;
  options.limits.max_line_length = 8;
  OpenMachine m(options);
  Body(m, "data: a\n\ndata: 123456789");
  EXPECT_EQ(Transcript(m), (Actions{"dispatch(message,a)", "abort", "error(closed,line-too-long,0)"}));
  EXPECT_EQ(m.ready_state(), ReadyState::kClosed);
}

TEST(EventSourceMachine, AnEventOverTheLimitFailsTheConnection) {
  MachineOptions options;
  options.limits.max_event_size = 8;
  OpenMachine m(options);
  Body(m, "data: 1234\ndata: 5678\n");
  EXPECT_EQ(Transcript(m), (Actions{"abort", "error(closed,event-too-large,0)"}));
}

TEST(EventSourceMachine, ReconnectsRepeatedlyAndKeepsTheReconnectionTime) {
  OpenMachine m;
  Body(m, "retry: 10\nid: a\n\n");
  for (int i = 0; i < 3; ++i) {
    m.OnBodyEnd();
    EXPECT_EQ(Scheduled(m), "schedule(10)");
    m.OnTimerFired();
    EXPECT_EQ(Transcript(m), Actions{"start(a)"});
    m.OnResponse(200, "text/event-stream");
  }
}

TEST(EventSourceMachine, AFailedReconnectAttemptFailsTheConnection) {
  OpenMachine m;
  m.OnBodyEnd();
  m.OnTimerFired();
  m.OnResponse(503, "text/html");
  EXPECT_EQ(Transcript(m), (Actions{"abort", "error(closed,bad-status,503)"}));
}

TEST(EventSourceMachine, RecycleReplacesTheRequestWithoutErrorAndStaysOpen) {
  OpenMachine m;
  Body(m, "id: 5\ndata: a\n\n");
  m.Recycle();
  EXPECT_EQ(Transcript(m), (Actions{"abort", "start(5)"}));
  EXPECT_EQ(m.ready_state(), ReadyState::kOpen);
  Body(m, "data: late bytes of the aborted response\n\n");
  EXPECT_TRUE(Transcript(m).empty());
  m.OnResponse(200, "text/event-stream");
  EXPECT_TRUE(Transcript(m).empty());         // no second `open`
  Body(m, "\xEF\xBB\xBFid: 6\ndata: b\n\n");  // a new stream: its BOM is stripped
  EXPECT_EQ(Transcript(m), (Actions{"id(6)", "dispatch(message,b)"}));
}

TEST(EventSourceMachine, RecycleWaitsForTheEndOfAnEvent) {
  OpenMachine m;
  Body(m, "id: 5\ndata: a\n\ndata: half");
  m.Recycle();
  EXPECT_TRUE(Transcript(m).empty());
  Body(m, "\n\n");
  m.Recycle();
  EXPECT_EQ(Transcript(m), (Actions{"abort", "start(5)"}));
}

TEST(EventSourceMachine, ACrEndingThePreviousBodyDoesNotSwallowTheNextBodysFirstLf) {
  OpenMachine m;
  Body(m, "data: a\r");
  m.OnBodyEnd();
  m.OnTimerFired();
  m.OnResponse(200, "text/event-stream");
  Body(m, "\ndata: b\n\n");  // the leading LF is a blank line of its own now
  EXPECT_EQ(Transcript(m), Actions{"dispatch(message,b)"});
}

TEST(EventSourceMachine, RecycleNeedsALastEventIdToResumeFrom) {
  OpenMachine m;
  Body(m, "data: a\n\n");
  m.Recycle();
  EXPECT_TRUE(Transcript(m).empty());
}

TEST(EventSourceMachine, RecycleIsIgnoredUnlessOpen) {
  EventSourceMachine m({});
  m.Start();
  m.Recycle();
  EXPECT_TRUE(Transcript(m).empty());
  m.OnResponse(200, "text/event-stream");
  Body(m, "id: 1\n\n");
  m.Recycle();
  m.Recycle();  // already recycling
  EXPECT_TRUE(Transcript(m).empty());
  m.Close();
  m.Recycle();
  EXPECT_TRUE(Transcript(m).empty());
}

TEST(EventSourceMachine, ARecycledRequestWithABadResponseFailsTheConnection) {
  OpenMachine m;
  Body(m, "id: 1\n\n");
  m.Recycle();
  m.OnResponse(500, "text/event-stream");
  EXPECT_EQ(Transcript(m), (Actions{"abort", "error(closed,bad-status,500)"}));
  EXPECT_EQ(m.ready_state(), ReadyState::kClosed);
}

TEST(EventSourceMachine, ANetworkErrorWhileRecyclingReestablishes) {
  OpenMachine m;
  Body(m, "id: 1\n\n");
  m.Recycle();
  m.OnNetworkError();
  EXPECT_EQ(Transcript(m), (Actions{"schedule(3000)", "error(connecting,reconnecting,0)"}));
  m.OnTimerFired();
  m.OnResponse(200, "text/event-stream");
  EXPECT_EQ(Transcript(m), Actions{"open"});
}

TEST(EventSourceMachine, ALegacyContentTypeIsReadWithTheLegacyDialect) {
  EventSourceMachine m({});
  m.Start();
  m.OnResponse(200, "application/x-dom-event-stream; charset=iso-8859-1");
  EXPECT_EQ(Transcript(m), Actions{"open"});
  Body(m, "Event: tick\ndata: d\nTarget: #x\nBubbles: No\n\n");
  EXPECT_EQ(Transcript(m), (Actions{"options(#x,-,cancelable)", "dispatch(tick,d)"}));
}

TEST(EventSourceMachine, ALegacyContentTypeFailsTheConnectionWhenLegacyStreamsAreOff) {
  MachineOptions options;
  options.read_legacy_streams = false;
  EventSourceMachine m(options);
  m.Start();
  m.OnResponse(200, "application/x-dom-event-stream");
  EXPECT_EQ(Transcript(m), (Actions{"abort", "error(closed,bad-content-type,200)"}));
}

TEST(EventSourceMachine, AStandardStreamIsNeverReadWithTheLegacyDialect) {
  OpenMachine m;
  Body(m, "Event: tick\nevent: std\ndata: d\n\n");
  EXPECT_EQ(Transcript(m), Actions{"dispatch(std,d)"});
}

TEST(EventSourceMachine, AfterALegacyStreamItReconnectsInFiveSecondsWithoutLastEventId) {
  OpenMachine m;
  Body(m, "retry: 10\nid: 5\ndata: a\n\n");
  m.OnBodyEnd();
  m.OnTimerFired();
  EXPECT_EQ(Transcript(m), Actions{"start(5)"});
  m.OnResponse(200, "application/x-dom-event-stream");
  m.OnBodyEnd();
  EXPECT_EQ(Scheduled(m), "schedule(5000)");
  m.OnTimerFired();
  EXPECT_EQ(Transcript(m), Actions{"start()"});
  m.OnResponse(200, "text/event-stream");  // back to a standard stream: its rules again
  m.OnBodyEnd();
  EXPECT_EQ(Scheduled(m), "schedule(10)");
  m.OnTimerFired();
  EXPECT_EQ(Transcript(m), Actions{"start(5)"});
}

TEST(EventSourceMachine, ALegacyStreamIsReopenedAfterTheConfiguredLegacyReconnectionTime) {
  MachineOptions options;
  options.legacy_reconnection_time_ms = 40;
  EventSourceMachine m(options);
  m.Start();
  m.OnResponse(200, "application/x-dom-event-stream");
  Body(m, "retry: 10\nEvent: e\ndata: a\n\n");  // the legacy dialect has no retry field
  m.OnBodyEnd();
  EXPECT_EQ(Scheduled(m), "schedule(40)");
  m.OnTimerFired();
  m.OnResponse(200, "text/event-stream");  // a standard stream keeps the reconnection time
  m.OnBodyEnd();
  EXPECT_EQ(Scheduled(m), "schedule(3000)");
}

TEST(EventSourceMachine, TheLegacyElementProfileFollowsThe2006StatusRules) {
  MachineOptions options;
  options.profile = Profile::kLegacyElement;
  options.reconnection_time_ms = kLegacyReconnectionTime;
  for (int status : {204, 205, 304}) {
    EventSourceMachine m(options);
    m.Start();
    m.OnResponse(status, "");
    EXPECT_EQ(Transcript(m), (Actions{"schedule(5000)", "error(connecting,reconnecting,0)"})) << status;
  }
  for (int status : {200, 201, 202, 203, 206}) {
    EventSourceMachine m(options);
    m.Start();
    m.OnResponse(status, "application/x-dom-event-stream");
    EXPECT_EQ(Transcript(m), Actions{"open"}) << status;
  }
  for (int status : {300, 400, 404, 500}) {
    EventSourceMachine m(options);
    m.Start();
    m.OnResponse(status, "application/x-dom-event-stream");
    EXPECT_EQ(Transcript(m).back(), "error(closed,bad-status," + std::to_string(status) + ")");
  }
}

TEST(EventSourceMachine, TheEventSourceProfileFailsOnEveryStatusButTwoHundred) {
  EventSourceMachine m({});
  m.Start();
  m.OnResponse(205, "application/x-dom-event-stream");
  EXPECT_EQ(Transcript(m), (Actions{"abort", "error(closed,bad-status,205)"}));
}

TEST(EventSourceMachine, FutileTakesEachReasonByNumberAndAnyOtherAsAnInvalidRequest) {
  for (auto [reason, text] : {std::pair{ErrorReason::kCorsRefused, "cors-refused"},
                              {ErrorReason::kInvalidRequest, "invalid-request"},
                              {ErrorReason::kStreamEnded, "stream-ended"},
                              {ErrorReason::kBadStatus, "invalid-request"},
                              {ErrorReason::kRetriesExhausted, "invalid-request"}}) {
    EventSourceMachine m({});
    m.Start();
    m.OnRequestFutile(reason);
    EXPECT_EQ(Transcript(m), (Actions{"abort", std::string("error(closed,") + text + ",0)"}));
    m.OnRequestFutile(reason);  // no request in flight: nothing
    EXPECT_TRUE(Transcript(m).empty());
  }
}

// The retry policy (RetryPolicy): opt-in extensions of "reestablish the connection".

MachineOptions WithRetry(RetryPolicy retry) {
  MachineOptions options;
  options.retry = retry;
  return options;
}

// A reconnection in a row: the request fails with a network error, the timer fires.
Actions FailAndReconnect(EventSourceMachine& m) {
  m.OnNetworkError();
  Actions failed = Transcript(m);
  m.OnTimerFired();
  return failed;
}

TEST(EventSourceMachineRetry, ByDefaultEveryReconnectionWaitsTheReconnectionTimeForever) {
  EventSourceMachine m({});
  m.Start();
  for (int i = 0; i < 50; ++i) {
    EXPECT_EQ(FailAndReconnect(m), (Actions{"schedule(3000)", "error(connecting,reconnecting,0)"}));
  }
  EXPECT_EQ(m.attempts(), 50u);
}

// kScheduleReconnect's c: which reconnection in a row it is, for the error event that announces it.
uint32_t ScheduledAttempt(const EventSourceMachine& m) {
  const ActionBatch& b = m.actions();
  for (size_t i = 0; i < b.size(); ++i) {
    if (b.kind(i) == ActionKind::kScheduleReconnect) return b.arg(i, 2);
  }
  return 0;
}

TEST(EventSourceMachineRetry, EachScheduleSaysWhichReconnectionInARowItIsAndAnOpenCountsAgain) {
  EventSourceMachine m({});
  m.Start();
  for (uint32_t attempt = 1; attempt <= 3; ++attempt) {
    m.OnNetworkError();
    EXPECT_EQ(ScheduledAttempt(m), attempt);
    m.OnTimerFired();
  }
  m.OnResponse(200, "text/event-stream");
  m.OnBodyEnd();
  EXPECT_EQ(ScheduledAttempt(m), 1u);
  m.OnTimerFired();
  m.OnResponse(503, "text/plain");  // not retried without a policy: fails, nothing scheduled
  EXPECT_EQ(ScheduledAttempt(m), 0u);
}

TEST(EventSourceMachineRetry, BackoffDoublesTheCeilingOfEachAttemptInARowUpToTheMaximum) {
  EventSourceMachine m(WithRetry({/*backoff=*/true, /*max_delay_ms=*/20000}));
  m.Start();
  const char* expected[] = {"schedule(3000)", "schedule(3000+3000)", "schedule(3000+9000)", "schedule(3000+17000)",
                            "schedule(3000+17000)"};
  for (const char* schedule : expected) {
    EXPECT_EQ(FailAndReconnect(m), (Actions{schedule, "error(connecting,reconnecting,0)"}));
  }
}

TEST(EventSourceMachineRetry, AnOpenStartsTheBackoffAgainAndRetryStillSetsItsMinimum) {
  EventSourceMachine m(WithRetry({true, 60000}));
  m.Start();
  FailAndReconnect(m);
  FailAndReconnect(m);
  EXPECT_EQ(m.attempts(), 2u);
  m.OnResponse(200, "text/event-stream");
  EXPECT_EQ(m.attempts(), 0u);
  Body(m, "retry: 1000\n\n");
  m.OnBodyEnd();
  EXPECT_EQ(Transcript(m), (Actions{"schedule(1000)", "error(connecting,reconnecting,0)"}));
  m.OnTimerFired();
  EXPECT_EQ(FailAndReconnect(m), (Actions{"schedule(1000+1000)", "error(connecting,reconnecting,0)"}));
  EXPECT_EQ(FailAndReconnect(m), (Actions{"schedule(1000+3000)", "error(connecting,reconnecting,0)"}));
}

TEST(EventSourceMachineRetry, AMaximumBelowTheReconnectionTimeMeansNoJitter) {
  EventSourceMachine m(WithRetry({true, 500}));
  m.Start();
  FailAndReconnect(m);
  EXPECT_EQ(FailAndReconnect(m), (Actions{"schedule(3000)", "error(connecting,reconnecting,0)"}));
}

TEST(EventSourceMachineRetry, PastMaxAttemptsInARowTheConnectionFails) {
  RetryPolicy retry;
  retry.max_attempts = 2;
  EventSourceMachine m(WithRetry(retry));
  m.Start();
  FailAndReconnect(m);
  FailAndReconnect(m);
  m.OnNetworkError();
  EXPECT_EQ(Transcript(m), Actions{"error(closed,retries-exhausted,0)"});
  EXPECT_EQ(m.ready_state(), ReadyState::kClosed);
  EXPECT_FALSE(m.reconnect_pending());
  m.OnTimerFired();
  EXPECT_TRUE(Transcript(m).empty());
}

TEST(EventSourceMachineRetry, AnOpenResetsTheAttemptsInARow) {
  RetryPolicy retry;
  retry.max_attempts = 1;
  EventSourceMachine m(WithRetry(retry));
  m.Start();
  for (int i = 0; i < 5; ++i) {
    m.OnResponse(200, "text/event-stream");
    EXPECT_EQ(m.ready_state(), ReadyState::kOpen);
    m.OnBodyEnd();
    EXPECT_EQ(Transcript(m), (Actions{"schedule(3000)", "error(connecting,reconnecting,0)"}));
    m.OnTimerFired();
  }
}

TEST(EventSourceMachineRetry, ANamedStatusReconnectsWithItsStatusOthersStillFail) {
  EventSourceMachine m({});
  m.AddRetryStatus(503);
  m.AddRetryStatus(429);
  m.Start();
  m.OnResponse(503, "text/html");
  EXPECT_EQ(Transcript(m), (Actions{"abort", "schedule(3000)", "error(connecting,reconnecting,503)"}));
  EXPECT_EQ(m.ready_state(), ReadyState::kConnecting);
  m.OnTimerFired();
  m.OnResponse(429, "", 10000);  // Retry-After: 10
  EXPECT_EQ(Transcript(m), (Actions{"abort", "schedule(10000)", "error(connecting,reconnecting,429)"}));
  m.OnTimerFired();
  m.OnResponse(500, "text/event-stream");
  EXPECT_EQ(Transcript(m), (Actions{"abort", "error(closed,bad-status,500)"}));
}

TEST(EventSourceMachineRetry, RetryAfterRaisesTheWholeBackoffRange) {
  EventSourceMachine m(WithRetry({true, 30000}));
  m.AddRetryStatus(503);
  m.Start();
  FailAndReconnect(m);
  FailAndReconnect(m);  // the third attempt's range: 3000 to 12000
  m.OnResponse(503, "", 5000);
  EXPECT_EQ(Transcript(m), (Actions{"abort", "schedule(5000+7000)", "error(connecting,reconnecting,503)"}));
  m.OnTimerFired();
  m.OnResponse(503, "", 40000);
  EXPECT_EQ(Transcript(m), (Actions{"abort", "schedule(40000)", "error(connecting,reconnecting,503)"}));
}

TEST(EventSourceMachineRetry, ExhaustedByARetriedStatusTheErrorCarriesIt) {
  RetryPolicy retry;
  retry.max_attempts = 1;
  EventSourceMachine m(WithRetry(retry));
  m.AddRetryStatus(502);
  m.Start();
  m.OnResponse(502, "");
  m.OnTimerFired();
  m.OnResponse(502, "");
  EXPECT_EQ(Transcript(m), (Actions{"abort", "error(closed,retries-exhausted,502)"}));
}

TEST(EventSourceMachineRetry, TheWatchdogIsArmedWithEachRequestAndRearmedForWhatIsLeft) {
  RetryPolicy retry;
  retry.inactivity_timeout_ms = 45000;
  EventSourceMachine m(WithRetry(retry));
  m.Start();
  EXPECT_EQ(Transcript(m), (Actions{"start()", "watchdog(45000)"}));
  m.OnResponse(200, "text/event-stream");
  m.OnWatchdog(30000);  // bytes came 30 s ago: 15 s to go
  EXPECT_EQ(Transcript(m), Actions{"watchdog(15000)"});
  Body(m, "id: 7\ndata: x\n\n");
  m.OnWatchdog(45000);
  EXPECT_EQ(Transcript(m), (Actions{"abort", "watchdog(0)", "schedule(3000)", "error(connecting,reconnecting,0)"}));
  EXPECT_EQ(m.ready_state(), ReadyState::kConnecting);
  m.OnWatchdog(90000);  // a late timer after the request ended: nothing
  EXPECT_TRUE(Transcript(m).empty());
  m.OnTimerFired();
  EXPECT_EQ(Transcript(m), (Actions{"start(7)", "watchdog(45000)"}));
}

TEST(EventSourceMachineRetry, TheWatchdogIsCancelledWhenTheRequestEndsFailsOrCloses) {
  RetryPolicy retry;
  retry.inactivity_timeout_ms = 1000;
  EventSourceMachine m(WithRetry(retry));
  m.Start();
  m.OnResponse(404, "");
  EXPECT_EQ(Transcript(m), (Actions{"abort", "watchdog(0)", "error(closed,bad-status,404)"}));
  EventSourceMachine n(WithRetry(retry));
  n.Start();
  n.Close();
  EXPECT_EQ(Transcript(n), (Actions{"abort", "watchdog(0)"}));
  EventSourceMachine o(WithRetry(retry));
  o.Start();
  o.OnBodyEnd();
  EXPECT_EQ(Transcript(o), (Actions{"watchdog(0)", "schedule(3000)", "error(connecting,reconnecting,0)"}));
}

TEST(EventSourceMachineRetry, WithoutAWatchdogNoneIsArmed) {
  EventSourceMachine m({});
  m.Start();
  m.OnWatchdog(1000000);
  EXPECT_TRUE(Transcript(m).empty());
  EXPECT_EQ(m.ready_state(), ReadyState::kConnecting);
}

}  // namespace
}  // namespace sse
