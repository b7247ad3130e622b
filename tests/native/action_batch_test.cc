// The packed action records that cross the Wasm boundary.
#include "action_batch.h"

#include <gtest/gtest.h>

#include <string>

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

TEST(ActionBatch, TextsAreStoredBackToBackAndReadByOffset) {
  ActionBatch batch;
  uint32_t a = batch.AddText("hello");
  uint32_t b = batch.AddText(std::string("x\0y", 3));
  EXPECT_EQ(batch.text(a, 5), "hello");
  EXPECT_EQ(batch.text(b, 3), std::string("x\0y", 3));
  EXPECT_EQ(std::string(batch.text_data(), 8), std::string("hellox\0y", 8));
}

TEST(ActionBatch, ClearEmptiesRecordsAndText) {
  ActionBatch batch;
  batch.AddText(std::string(3 << 20, 'x'));
  batch.Add(ActionKind::kAbortRequest);
  batch.Clear();
  EXPECT_EQ(batch.size(), 0u);
  EXPECT_EQ(batch.AddText("a"), 0u);
}

}  // namespace
}  // namespace sse
