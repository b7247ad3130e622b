// The legacy Opera 9 dialect (application/x-dom-event-stream) through StreamParser. The corpus
// (legacy-stream-cases.json) covers the format case by case; these tests pin its main rules in one place.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "stream_parser.h"
#include "test_support.h"

namespace sse::testing {
namespace {

ParseResult Legacy(const std::string& stream, LegacyOptions options = {}, ParserLimits limits = {}) {
  return ParseChunks({stream}, limits, Dialect::kLegacy, options);
}

TEST(LegacyDialect, EventNamesTheTypeAndDataFillsTheData) {
  EXPECT_EQ(Legacy("Event: server-time\ndata: 1157104136\n\n").events,
            (std::vector<Event>{{"server-time", "1157104136", "", true, true, ""}}));
}

TEST(LegacyDialect, EveryRepeatedFieldJoinsWithLineFeeds) {
  auto events = Legacy("Event: a\nEvent: b\ndata: x\ndata: y\nTarget: #p\nTarget: #q\n\n").events;
  EXPECT_EQ(events, (std::vector<Event>{{"a\nb", "x\ny", "", true, true, "#p\n#q"}}));
}

TEST(LegacyDialect, SemicolonAndColonLinesAreIgnored) {
  EXPECT_EQ(Legacy("; comment\n: command\nEvent: e\n;data: no\ndata: yes\n\n").events,
            (std::vector<Event>{{"e", "yes", "", true, true, ""}}));
}

TEST(LegacyDialect, StandardFieldsMeanNothing) {
  ParseResult r = Legacy("event: e\nid: 7\nretry: 10\nData: d\n\n");
  EXPECT_EQ(r.events, (std::vector<Event>{{"message", "", "", true, true, ""}}));
  EXPECT_EQ(r.last_event_id, "");
  EXPECT_FALSE(r.retry.has_value());
}

TEST(LegacyDialect, ABlockWithoutEventIsAMessageUnlessTheEventFieldIsRequired) {
  EXPECT_EQ(Legacy("data: x\n\n").events, (std::vector<Event>{{"message", "x", "", true, true, ""}}));
  LegacyOptions strict;
  strict.require_event_field = true;
  EXPECT_TRUE(Legacy("data: x\n\n", strict).events.empty());
  EXPECT_EQ(Legacy("Event: e\n\n", strict).events, (std::vector<Event>{{"e", "", "", true, true, ""}}));
}

TEST(LegacyDialect, BlankLinesAndCommentsAloneFireNothing) { EXPECT_TRUE(Legacy("\n\n; x\n\n: y\n\n").events.empty()); }

TEST(LegacyDialect, OnlyExactlyNoTurnsBubblingAndCancelingOff) {
  auto events = Legacy("Bubbles: No\nCancelable: No\n\nBubbles: no\nCancelable: NO\n\nBubbles: No \n\n").events;
  ASSERT_EQ(events.size(), 3u);
  EXPECT_FALSE(events[0].bubbles);
  EXPECT_FALSE(events[0].cancelable);
  EXPECT_TRUE(events[1].bubbles);
  EXPECT_TRUE(events[1].cancelable);
  EXPECT_TRUE(events[2].bubbles);
}

TEST(LegacyDialect, StrictLineFeedsKeepCarriageReturnsAsData) {
  LegacyOptions strict;
  strict.strict_line_feeds = true;
  EXPECT_EQ(Legacy("Event: foo\r\ndata: a\rb\n\n", strict).events,
            (std::vector<Event>{{"foo\r", "a\rb", "", true, true, ""}}));
  // By default CR ends lines: `b` becomes a field of its own (unknown, so ignored).
  EXPECT_EQ(Legacy("Event: foo\r\ndata: a\rb\n\n").events, (std::vector<Event>{{"foo", "a", "", true, true, ""}}));
}

TEST(LegacyDialect, AllBufferedFieldsCountTowardTheEventSizeLimit) {
  ParserLimits limits;
  limits.max_event_size = 8;
  EXPECT_EQ(Legacy("Event: abcd\ndata: efgh\n\n", {}, limits).events.size(), 1u);
  EXPECT_EQ(Legacy("Event: abcd\ndata: efghi\n\n", {}, limits).status, ParseStatus::kEventTooLarge);
  EXPECT_EQ(Legacy("Target: abcd\nTarget: efg\n\n", {}, limits).status, ParseStatus::kOk);  // 4 + LF + 3
  EXPECT_EQ(Legacy("Target: abcd\nTarget: efgh\n\n", {}, limits).status, ParseStatus::kEventTooLarge);
}

TEST(LegacyDialect, AnUnfinishedBlockAtTheEndOfTheStreamIsDropped) {
  EXPECT_TRUE(Legacy("Event: e\ndata: x\n").events.empty());
}

}  // namespace
}  // namespace sse::testing
