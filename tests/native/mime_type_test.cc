// Content-Type checks: Fetch's "extract a MIME type" and the text/event-stream essence.
#include "mime_type.h"

#include <gtest/gtest.h>

namespace sse {
namespace {

// What the state machine asks of a Content-Type: is its essence exactly text/event-stream?
bool IsEventStreamContentType(std::string_view header_value) {
  return EqualsIgnoringAsciiCase(ExtractMimeEssence(header_value), "text/event-stream");
}

TEST(MimeType, PlainEventStreamIsAccepted) { EXPECT_TRUE(IsEventStreamContentType("text/event-stream")); }

TEST(MimeType, ParametersAreIgnored) {
  EXPECT_TRUE(IsEventStreamContentType("text/event-stream; charset=windows-1252"));
  EXPECT_TRUE(IsEventStreamContentType("text/event-stream;"));
  EXPECT_TRUE(IsEventStreamContentType("text/event-stream ;charset=\"a,b\""));
}

TEST(MimeType, TypeAndSubtypeCompareCaseInsensitively) { EXPECT_TRUE(IsEventStreamContentType("TEXT/Event-Stream")); }

TEST(MimeType, SurroundingHttpWhitespaceIsIgnored) { EXPECT_TRUE(IsEventStreamContentType(" \ttext/event-stream \t")); }

TEST(MimeType, OtherTypesAreRejected) {
  EXPECT_FALSE(IsEventStreamContentType("text/plain"));
  EXPECT_FALSE(IsEventStreamContentType("text/event-streams"));
  EXPECT_FALSE(IsEventStreamContentType("application/x-dom-event-stream"));
  EXPECT_FALSE(IsEventStreamContentType(""));
}

TEST(MimeType, MalformedValuesAreRejected) {
  EXPECT_FALSE(IsEventStreamContentType("text"));
  EXPECT_FALSE(IsEventStreamContentType("/event-stream"));
  EXPECT_FALSE(IsEventStreamContentType("text/"));
  EXPECT_FALSE(IsEventStreamContentType("te xt/event-stream"));
  EXPECT_FALSE(IsEventStreamContentType("text/event stream"));
  // [spec] Only trailing whitespace is removed from the subtype: a leading space makes it no token.
  EXPECT_FALSE(IsEventStreamContentType("text/ event-stream"));
}

TEST(MimeType, TheEssenceIsAViewOfTheHeaderInItsOwnCase) {
  EXPECT_EQ(ExtractMimeEssence(" TEXT/Event-Stream ; charset=utf-8"), "TEXT/Event-Stream");
  EXPECT_TRUE(EqualsIgnoringAsciiCase("TEXT/Event-Stream", "text/event-stream"));
  EXPECT_FALSE(EqualsIgnoringAsciiCase("text/event-streaM!", "text/event-stream"));
}

TEST(MimeType, TheLastValidValueOfACombinedHeaderWins) {
  EXPECT_TRUE(IsEventStreamContentType("text/plain, text/event-stream"));
  EXPECT_FALSE(IsEventStreamContentType("text/event-stream, text/plain"));
  EXPECT_TRUE(IsEventStreamContentType("text/event-stream, */*"));
  EXPECT_TRUE(IsEventStreamContentType("text/event-stream, bogus"));
}

TEST(MimeType, CommasInsideQuotedParametersDoNotSplit) {
  EXPECT_EQ(ExtractMimeEssence("text/event-stream; x=\"a, text/plain\""), "text/event-stream");
}

}  // namespace
}  // namespace sse
