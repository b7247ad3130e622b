// The Wasm build's allocator (cpp/wasm/malloc.cc wraps it over the Wasm break), here over a fixed arena.
#include "size_class_heap.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <random>
#include <vector>

namespace sse {
namespace {

// A test arena standing in for the Wasm break: hands out bytes in order, counts what it gave.
alignas(16) unsigned char arena[1 << 22];
size_t arena_used = 0;

void* MoreFromArena(size_t bytes) {
  if (bytes > sizeof(arena) - arena_used) return nullptr;
  void* start = arena + arena_used;
  arena_used += bytes;
  return start;
}

class SizeClassHeapTest : public ::testing::Test {
 protected:
  void SetUp() override { arena_used = 0; }
  SizeClassHeap heap_{MoreFromArena};
};

TEST(SizeClassHeapClasses, AClassHoldsItsPayloadPlusTheHeader) {
  EXPECT_EQ(SizeClassHeap::ClassFor(0), SizeClassHeap::kMinClass);
  EXPECT_EQ(SizeClassHeap::ClassFor(8), 4u);   // 8 + 8 = 16
  EXPECT_EQ(SizeClassHeap::ClassFor(9), 5u);   // 17 -> 32
  EXPECT_EQ(SizeClassHeap::ClassFor(24), 5u);  // 32
  EXPECT_EQ(SizeClassHeap::ClassFor(25), 6u);
  EXPECT_EQ(SizeClassHeap::ClassFor((size_t{1} << 20) - 8), 20u);
  EXPECT_EQ(SizeClassHeap::ClassFor((size_t{1} << 20) - 7), 21u);
  EXPECT_EQ(SizeClassHeap::ClassFor((size_t{1} << 31) - 8), 31u);
  EXPECT_EQ(SizeClassHeap::ClassFor((size_t{1} << 31) - 7), SizeClassHeap::kMaxClass + 1);
}

TEST_F(SizeClassHeapTest, PayloadsAreAlignedWritableAndDisjoint) {
  std::vector<unsigned char*> blocks;
  for (size_t size : {1, 7, 8, 9, 100, 1000, 5000, 3}) {
    auto* p = static_cast<unsigned char*>(heap_.Allocate(size));
    ASSERT_NE(p, nullptr);
    EXPECT_EQ(reinterpret_cast<uintptr_t>(p) % 8, 0u);
    EXPECT_GE(SizeClassHeap::UsableSize(p), size);
    std::memset(p, static_cast<int>(blocks.size() + 1), size);
    blocks.push_back(p);
  }
  // Each block still holds its own fill: no two overlap.
  size_t i = 0;
  for (size_t size : {1, 7, 8, 9, 100, 1000, 5000, 3}) {
    for (size_t j = 0; j < size; ++j) ASSERT_EQ(blocks[i][j], i + 1) << "block " << i << " byte " << j;
    ++i;
  }
}

TEST_F(SizeClassHeapTest, AFreedBlockIsReusedByItsClassWithoutNewMemory) {
  void* a = heap_.Allocate(1000);
  size_t used = arena_used;
  heap_.Free(a);
  EXPECT_EQ(heap_.Allocate(600), a);  // 1 KiB class again
  EXPECT_EQ(arena_used, used);
  void* b = heap_.Allocate(100);  // another class: fresh memory
  EXPECT_NE(b, a);
  EXPECT_GT(arena_used, used);
}

TEST_F(SizeClassHeapTest, ARepeatedSpikeCostsNoNewMemory) {
  // A buffer grown by doubling to 1 MiB, then released, as byte_buffer.h does after a large event.
  auto spike = [this] {
    void* p = nullptr;
    for (size_t capacity = 16; capacity <= (1 << 20); capacity *= 2) p = heap_.Reallocate(p, capacity);
    heap_.Free(p);
  };
  spike();
  size_t after_first = arena_used;
  // At most about twice the largest block: a 2 MiB block (1 MiB + header) and the smaller ones before it.
  EXPECT_LE(after_first, size_t{4} << 20);
  spike();
  spike();
  EXPECT_EQ(arena_used, after_first);
}

TEST_F(SizeClassHeapTest, ReallocateKeepsTheBytesAndStaysInPlaceWithinItsClass) {
  auto* p = static_cast<char*>(heap_.Allocate(10));
  std::memcpy(p, "0123456789", 10);
  EXPECT_EQ(heap_.Reallocate(p, 24), p);  // still the 32-byte class
  auto* q = static_cast<char*>(heap_.Reallocate(p, 500));
  ASSERT_NE(q, nullptr);
  EXPECT_NE(q, p);
  EXPECT_EQ(std::memcmp(q, "0123456789", 10), 0);
  EXPECT_EQ(heap_.Allocate(10), p);  // the old block went back to its class
  EXPECT_EQ(heap_.Reallocate(nullptr, 5) != nullptr, true);
}

TEST_F(SizeClassHeapTest, ExhaustionAndOversizeReturnNull) {
  EXPECT_EQ(heap_.Allocate(size_t{1} << 31), nullptr);  // past the largest class
  EXPECT_EQ(heap_.Allocate(sizeof(arena)), nullptr);     // the arena cannot give 8 MiB
  void* p = heap_.Allocate(100);
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(heap_.Reallocate(p, sizeof(arena)), nullptr);  // realloc failing keeps the old block
  std::memset(p, 1, 100);
  heap_.Free(p);
  heap_.Free(nullptr);  // free(NULL) is a no-op
}

// Random allocations, reallocations and frees, each live block filled with its own byte: no block ever
// overlaps another or loses its bytes, whichever path (free list, break, growth in place, copy) served it.
TEST_F(SizeClassHeapTest, RandomUseKeepsEveryLiveBlockIntact) {
  struct Live {
    unsigned char* p;
    size_t size;
    unsigned char fill;
  };
  std::vector<Live> live;
  std::mt19937 random(7);
  auto check = [](const Live& block) {
    for (size_t i = 0; i < block.size; ++i) {
      if (block.p[i] != block.fill) return false;
    }
    return true;
  };
  for (int op = 0; op < 20000; ++op) {
    unsigned pick = random() % 20;  // 7 in 20 allocate, 6 reallocate, 7 free: the live set stays bounded
    size_t size = random() % 4 == 0 ? random() % 20000 : random() % 200;
    if (pick < 7 || live.empty()) {
      auto* p = static_cast<unsigned char*>(heap_.Allocate(size));
      ASSERT_NE(p, nullptr);
      unsigned char fill = static_cast<unsigned char>(op);
      std::memset(p, fill, size);
      live.push_back({p, size, fill});
    } else if (pick < 13) {
      Live& block = live[random() % live.size()];
      ASSERT_TRUE(check(block)) << "op " << op;
      auto* p = static_cast<unsigned char*>(heap_.Reallocate(block.p, size));
      ASSERT_NE(p, nullptr);
      for (size_t i = 0; i < std::min(size, block.size); ++i) ASSERT_EQ(p[i], block.fill) << "op " << op;
      std::memset(p, block.fill, size);
      block.p = p;
      block.size = size;
    } else {
      size_t index = random() % live.size();
      ASSERT_TRUE(check(live[index])) << "op " << op;
      heap_.Free(live[index].p);
      live.erase(live.begin() + static_cast<std::ptrdiff_t>(index));
    }
  }
  for (const Live& block : live) ASSERT_TRUE(check(block));
  EXPECT_LT(arena_used, sizeof(arena));
}

}  // namespace
}  // namespace sse
