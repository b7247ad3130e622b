// StreamParser behaviour beyond the corpus: streaming latency, Reset(), limits and sticky errors.
#include "stream_parser.h"

#include <gtest/gtest.h>

#include <string>

#include "test_support.h"

namespace sse::testing {
namespace {

ParseStatus Feed(StreamParser& parser, const std::string& bytes) {
  return parser.Feed(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
}

TEST(StreamParser, DispatchesAtABlankLineEndedByCrWithoutWaitingForTheNextByte) {
  RecordingSink sink;
  StreamParser parser({}, &sink);
  Feed(parser, "data: a\r\r");
  ASSERT_EQ(sink.events.size(), 1u);
  Feed(parser, "\ndata: b\n\n");  // the LF belongs to the CR before it: no extra blank line
  EXPECT_EQ(sink.events, (std::vector<Event>{{"message", "a", ""}, {"message", "b", ""}}));
}

TEST(StreamParser, ReportsTheLastEventIdOnlyWhenAnIdFieldWasProcessed) {
  RecordingSink sink;
  StreamParser parser({}, &sink);
  Feed(parser, "id: 1\ndata: a\n\ndata: b\n\n\nid: 1\n\n");
  EXPECT_EQ(sink.last_event_id_reports, 2);
  EXPECT_EQ(sink.events.back(), (Event{"message", "b", "1"}));
}

TEST(StreamParser, ALineOverTheLimitFailsEvenWhenItArrivesInSmallChunks) {
  RecordingSink sink;
  ParserLimits limits;
  limits.max_line_length = 10;
  StreamParser parser(limits, &sink);
  EXPECT_EQ(Feed(parser, "data: 1234"), ParseStatus::kOk);  // exactly 10 bytes so far
  EXPECT_EQ(Feed(parser, "5"), ParseStatus::kLineTooLong);
}

TEST(StreamParser, AnErrorIsStickyForTheRestOfTheStream) {
  RecordingSink sink;
  ParserLimits limits;
  limits.max_event_size = 8;
  StreamParser parser(limits, &sink);
  EXPECT_EQ(Feed(parser, "data: 123456789\n"), ParseStatus::kEventTooLarge);
  EXPECT_EQ(Feed(parser, "\ndata: ok\n\n"), ParseStatus::kEventTooLarge);
  EXPECT_TRUE(sink.events.empty());
  EXPECT_EQ(parser.status(), ParseStatus::kEventTooLarge);
}

TEST(StreamParser, EventSizeCountsDecodedBytesIncludingReplacements) {
  RecordingSink sink;
  ParserLimits limits;
  limits.max_event_size = 4;
  StreamParser parser(limits, &sink);
  // Two raw bytes, but each invalid byte decodes to three: 6 + LF > 4.
  EXPECT_EQ(Feed(parser, "data:\xFF\xFF\n"), ParseStatus::kEventTooLarge);
}

TEST(StreamParser, AtEventBoundaryOnlyBetweenEvents) {
  RecordingSink sink;
  StreamParser parser({}, &sink);
  EXPECT_TRUE(parser.AtEventBoundary());
  Feed(parser, "data: a");
  EXPECT_FALSE(parser.AtEventBoundary());  // a partial line
  Feed(parser, "\n");
  EXPECT_FALSE(parser.AtEventBoundary());  // an undispatched event
  Feed(parser, "\nid: 1\n");
  EXPECT_FALSE(parser.AtEventBoundary());  // an id not yet taken by a dispatch
  Feed(parser, "\n: comment\nretry: 5\n");
  EXPECT_TRUE(parser.AtEventBoundary());
}

TEST(StreamParser, RetrySaturatesAtTheLargestTimerDelay) {
  ParseResult r = ParseChunks({"retry: 99999999999999999999999\n"});
  EXPECT_EQ(r.retry, StreamParser::kMaxReconnectionTime);
}

TEST(StreamParser, EmptyChunksChangeNothing) {
  ParseResult r = ParseChunks({"", "\xEF", "", "\xBB\xBF", "", "data: a\r", "", "\n", "", "\n"});
  EXPECT_EQ(r.events, (std::vector<Event>{{"message", "a", ""}}));
}

TEST(StreamParser, LargeEventsSpanningManyChunksArriveWhole) {
  std::string payload(300000, 'x');
  std::string stream = "data: " + payload + "\n\n";
  ParseResult r = ParseChunks(RandomSplits(stream, 9));
  ASSERT_EQ(r.events.size(), 1u);
  EXPECT_EQ(r.events[0].data, payload);
}

}  // namespace
}  // namespace sse::testing
