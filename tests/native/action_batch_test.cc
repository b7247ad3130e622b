// The packed action records that cross the Wasm boundary.
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
  EXPECT_EQ(batch.words()[ActionBatch::kRecordWords], static_cast<uint32_t>(ActionKind::kFireError));
}

TEST(ActionBatch, TextsAreStoredBackToBackAndAddressedInUtf16Units) {
  ActionBatch batch;
  TextRef a = batch.AddText("h\xC3\xA9llo");  // 6 bytes, 5 units
  TextRef b = batch.AddText(std::string("x\0\xF0\x9F\x98\x80", 6));  // 6 bytes, 4 units
  EXPECT_EQ(a.offset, 0u);
  EXPECT_EQ(a.length, 5u);
  EXPECT_EQ(b.offset, 5u);
  EXPECT_EQ(b.length, 4u);
  EXPECT_EQ(batch.text(), std::string("h\xC3\xA9llox\0\xF0\x9F\x98\x80", 12));
  EXPECT_EQ(testing::SliceUtf16(batch.text(), b.offset, b.length), std::string("x\0\xF0\x9F\x98\x80", 6));
}

TEST(ActionBatch, ClearEmptiesRecordsAndText) {
  ActionBatch batch;
  batch.AddText(std::string(3 << 20, 'x'));
  batch.Add(ActionKind::kAbortRequest);
  batch.Clear();
  EXPECT_EQ(batch.size(), 0u);
  EXPECT_TRUE(batch.text().empty());
  EXPECT_EQ(batch.AddText("a").offset, 0u);
}

}  // namespace
}  // namespace sse
