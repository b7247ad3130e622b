// The packed action records that cross the Wasm boundary, and their text arena.
#include "action_batch.h"

#include <gtest/gtest.h>

#include <string>

#include "test_support.h"

namespace sse {
namespace {

TEST(ActionBatch, RecordsKeepKindArgumentsAndOrder) {
  ActionBatch batch;
  batch.Add(ActionKind::kAnnounce);
  batch.Add(ActionKind::kFireError, 2, 1, 404);
  ASSERT_EQ(batch.size(), 2u);
  EXPECT_EQ(batch.kind(0), ActionKind::kAnnounce);
  EXPECT_EQ(batch.kind(1), ActionKind::kFireError);
  EXPECT_EQ(batch.arg(1, 0), 2u);
  EXPECT_EQ(batch.arg(1, 1), 1u);
  EXPECT_EQ(batch.arg(1, 2), 404u);
  EXPECT_EQ(batch.words()[kRecordWords], static_cast<uint32_t>(ActionKind::kFireError));
}

TEST(ActionBatch, AsciiTextsStayOneBytePerUnit) {
  ActionBatch batch;
  TextRef a = batch.AddText("hello");
  TextRef b = batch.AddText("world", true);
  EXPECT_FALSE(batch.text_is_wide());
  EXPECT_EQ(a.offset, 0u);
  EXPECT_EQ(b.offset, 5u);
  EXPECT_EQ(batch.text_units(), 10u);
  EXPECT_EQ(batch.text_bytes(), 10u);
  EXPECT_EQ(std::string(static_cast<const char*>(batch.text_data()), 10), "helloworld");
}

TEST(ActionBatch, TheFirstNonAsciiTextTurnsTheWholeArenaIntoUtf16Units) {
  ActionBatch batch;
  TextRef a = batch.AddText("ab");
  TextRef b = batch.AddText("h\xC3\xA9llo");                         // 6 bytes, 5 units
  TextRef c = batch.AddText(std::string("x\0\xF0\x9F\x98\x80", 6));  // 6 bytes, 4 units (a surrogate pair)
  EXPECT_TRUE(batch.text_is_wide());
  EXPECT_EQ(a.offset, 0u);
  EXPECT_EQ(b.offset, 2u);
  EXPECT_EQ(b.length, 5u);
  EXPECT_EQ(c.offset, 7u);
  EXPECT_EQ(c.length, 4u);
  EXPECT_EQ(batch.text_bytes(), 2u * 11);
  const auto* units = static_cast<const uint16_t*>(batch.text_data());
  EXPECT_EQ(units[0], 'a');
  EXPECT_EQ(units[3], 0xE9);
  EXPECT_EQ(units[9], 0xD83D);
  EXPECT_EQ(units[10], 0xDE00);
  EXPECT_EQ(testing::ArenaText(batch, c.offset, c.length), std::string("x\0\xF0\x9F\x98\x80", 6));
  EXPECT_EQ(testing::ArenaText(batch, a.offset, a.length), "ab");
}

TEST(ActionBatch, ARepeatedTextIsStoredOnceAndAddressedByItsFirstReference) {
  ActionBatch batch;
  TextRef first = batch.AddRepeatedText("update");
  batch.AddText("data");
  TextRef again = batch.AddRepeatedText("update");
  TextRef other = batch.AddRepeatedText("delete");
  EXPECT_EQ(again.offset, first.offset);
  EXPECT_EQ(again.length, 6u);
  EXPECT_EQ(other.offset, 10u);
  EXPECT_EQ(batch.text_units(), 16u);
  batch.Clear();
  EXPECT_EQ(batch.AddRepeatedText("delete").offset, 0u);  // Clear forgets it
  EXPECT_EQ(batch.AddRepeatedText("delete").offset, 0u);
  EXPECT_EQ(batch.text_units(), 6u);
}

TEST(ActionBatch, ClearEmptiesRecordsAndTextAndReturnsToOneBytePerUnit) {
  ActionBatch batch;
  batch.AddText(std::string(3 << 20, 'x'));
  batch.AddText("\xC3\xA9");
  batch.Add(ActionKind::kAbortRequest);
  batch.Clear();
  EXPECT_EQ(batch.size(), 0u);
  EXPECT_EQ(batch.text_units(), 0u);
  EXPECT_FALSE(batch.text_is_wide());
  EXPECT_EQ(batch.AddText("a").offset, 0u);
}

}  // namespace
}  // namespace sse
