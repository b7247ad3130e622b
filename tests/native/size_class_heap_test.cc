// The Wasm build's allocator (cpp/wasm/malloc.cc wraps it over the Wasm break), here over a fixed arena.
#include "size_class_heap.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <random>
#include <vector>

namespace sse {
namespace {

// A test arena standing in for the Wasm break (sbrk): arena_used is the break, arena_peak its highest.
alignas(16) unsigned char arena[1 << 24];
size_t arena_used = 0;
size_t arena_peak = 0;

void* MoreFromArena(ptrdiff_t bytes) {
  if (bytes > 0 && static_cast<size_t>(bytes) > sizeof(arena) - arena_used) return nullptr;
  if (bytes < 0 && static_cast<size_t>(-bytes) > arena_used) std::abort();  // the heap gave back more than it took
  void* start = arena + arena_used;
  arena_used += static_cast<size_t>(bytes);
  arena_peak = std::max(arena_peak, arena_used);
  return start;
}

class SizeClassHeapTest : public ::testing::Test {
 protected:
  void SetUp() override { arena_used = arena_peak = 0; }
  SizeClassHeap heap_{MoreFromArena};
};

// How Buffer grows in the Wasm build (byte_buffer.h): realloc to exactly what is wanted, capacity from
// the usable size. Appends `total` bytes in `step`-byte pieces and returns the payload.
void* GrowLikeABuffer(SizeClassHeap& heap, void* p, size_t total, size_t step) {
  size_t size = 0;
  size_t capacity = p == nullptr ? 0 : SizeClassHeap::UsableSize(p);
  for (; size < total; size += step) {
    if (size + step > capacity) {
      p = heap.Reallocate(p, size + step);
      if (p == nullptr) return nullptr;
      capacity = SizeClassHeap::UsableSize(p);
    }
    std::memset(static_cast<char*>(p) + size, 'x', step);
  }
  return p;
}

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

TEST_F(SizeClassHeapTest, ASpikeCostsAboutItsSizeAndGoesBackToTheBreak) {
  void* small = heap_.Allocate(100);  // something below, as a connection's buffers are
  const size_t before = arena_used;
  // A line at 1 MiB arriving in 64 KiB chunks: the buffer is the top block and grows in place.
  void* line = GrowLikeABuffer(heap_, nullptr, size_t{1} << 20, size_t{64} << 10);
  ASSERT_NE(line, nullptr);
  // Its size and at most 64 KiB more, not the next power of two (2 MiB) or the blocks it grew through.
  EXPECT_LE(arena_peak - before, (size_t{1} << 20) + (size_t{64} << 10) + 64);
  heap_.Free(line);
  EXPECT_EQ(arena_used, before);  // freed at the top: back to the break
  for (int i = 0; i < 3; ++i) {
    line = GrowLikeABuffer(heap_, nullptr, size_t{1} << 20, size_t{64} << 10);
    heap_.Free(line);
  }
  EXPECT_EQ(arena_used, before);
  EXPECT_LE(arena_peak - before, (size_t{1} << 20) + (size_t{64} << 10) + 64);  // a repeated spike costs no new memory
  heap_.Free(small);
}

TEST_F(SizeClassHeapTest, FreeLargeBlocksBelowTheTopGoBackToTheBreakWithIt) {
  const size_t before = arena_used;
  void* a = heap_.Allocate(300000);
  void* b = heap_.Allocate(200000);
  heap_.Free(a);  // not the top block: kept on its list
  EXPECT_GT(arena_used, before + 500000);
  heap_.Free(b);  // the top block: it and a, which ends where b began, go back
  EXPECT_EQ(arena_used, before);
}

TEST_F(SizeClassHeapTest, AFreedLargeBlockServesTheNextRequestOfItsSize) {
  // A 100,000-byte block is sized to that plus slack (on the 64 KiB list), and a request for the same
  // size (whose class is 128 KiB) finds it on the list below its own.
  void* a = heap_.Allocate(100000);
  void* above = heap_.Allocate(16);
  const size_t used = arena_used;
  heap_.Free(a);
  EXPECT_EQ(heap_.Allocate(100000), a);
  EXPECT_EQ(arena_used, used);
  EXPECT_NE(heap_.Allocate(SizeClassHeap::UsableSize(a) + 1), a);  // too large for it: new memory
  heap_.Free(above);
}

TEST_F(SizeClassHeapTest, TheTopBlockGrowsInPlaceAndAMovedOneTakesTheNextClass) {
  auto* below = static_cast<char*>(heap_.Allocate(1000));
  std::memcpy(below, "below", 5);
  auto* top = static_cast<char*>(heap_.Allocate(1000));
  std::memcpy(top, "top", 3);
  EXPECT_EQ(heap_.Reallocate(top, 5000), top);  // the top block: in place
  EXPECT_GE(SizeClassHeap::UsableSize(top), 5000u);
  EXPECT_LE(SizeClassHeap::UsableSize(top), 5000u + 5000u / 8 + 8);
  auto* moved = static_cast<char*>(heap_.Reallocate(below, 1100));  // not the top: moved, to the next class
  ASSERT_NE(moved, below);
  EXPECT_EQ(std::memcmp(moved, "below", 5), 0);
  EXPECT_EQ(SizeClassHeap::UsableSize(moved), 2048u - 8);
  EXPECT_EQ(std::memcmp(top, "top", 3), 0);
}

TEST_F(SizeClassHeapTest, ReallocateKeepsTheBytesAndStaysInPlaceWithinItsClass) {
  auto* p = static_cast<char*>(heap_.Allocate(10));
  std::memcpy(p, "0123456789", 10);
  EXPECT_EQ(heap_.Reallocate(p, 24), p);  // still the 32-byte class
  void* above = heap_.Allocate(10);          // so that p is not the top block, which would grow in place
  auto* q = static_cast<char*>(heap_.Reallocate(p, 500));
  ASSERT_NE(q, nullptr);
  EXPECT_NE(q, p);
  EXPECT_EQ(std::memcmp(q, "0123456789", 10), 0);
  EXPECT_EQ(heap_.Allocate(10), p);  // the old block went back to its class
  EXPECT_EQ(heap_.Reallocate(nullptr, 5) != nullptr, true);
  heap_.Free(above);
}

TEST_F(SizeClassHeapTest, ExhaustionAndOversizeReturnNull) {
  EXPECT_EQ(heap_.Allocate(size_t{1} << 31), nullptr);  // past the largest class
  EXPECT_EQ(heap_.Allocate(sizeof(arena)), nullptr);     // the arena cannot give 16 MiB
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
    const unsigned kind = random() % 16;  // small, medium, and now and then large (sized exactly)
    size_t size = kind == 0 ? random() % 400000 : kind < 4 ? random() % 20000 : random() % 200;
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
  for (const Live& block : live) heap_.Free(block.p);
}

}  // namespace
}  // namespace sse
