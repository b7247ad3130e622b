// The Wasm build's allocator (cpp/wasm/malloc.cc wraps it over the Wasm break), here over a fixed arena.
#include "size_class_heap.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <vector>

namespace sse {
namespace {

// A test arena standing in for the Wasm break (sbrk): arena_used is the break, arena_peak its highest.
alignas(16) unsigned char arena[size_t{1} << 27];
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
  void* above = heap_.Allocate(10);       // so that p is not the top block, which would grow in place
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
  EXPECT_EQ(heap_.Allocate(sizeof(arena)), nullptr);    // the arena cannot give all of itself and a header
  void* p = heap_.Allocate(100);
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(heap_.Reallocate(p, sizeof(arena)), nullptr);  // realloc failing keeps the old block
  std::memset(p, 1, 100);
  heap_.Free(p);
  heap_.Free(nullptr);  // free(NULL) is a no-op
}

TEST_F(SizeClassHeapTest, FreeNeighboursMergeSoAnyLaterSpikeFitsWithoutNewMemory) {
  void* a = heap_.Allocate(300000);
  void* b = heap_.Allocate(200000);
  void* c = heap_.Allocate(100000);
  void* pin = heap_.Allocate(16);  // keeps the three below the top
  const size_t used = arena_used;
  heap_.Free(a);
  heap_.Free(c);
  heap_.Free(b);                         // merges with both
  void* spike = heap_.Allocate(550000);  // fits only in the three together
  EXPECT_EQ(spike, a);
  EXPECT_EQ(arena_used, used);
  heap_.Free(spike);
  heap_.Free(pin);
  EXPECT_EQ(arena_used, 0u);  // the pin was the top block: it and the merged block go back
}

TEST_F(SizeClassHeapTest, ALargeRequestTakesTheLowestFreeBlockAndLeavesTheRestFree) {
  void* hole = heap_.Allocate(1 << 20);
  void* pin = heap_.Allocate(16);
  heap_.Free(hole);
  const size_t used = arena_used;
  void* first = heap_.Allocate(300000);
  void* second = heap_.Allocate(300000);  // from what the first left
  EXPECT_EQ(first, hole);
  EXPECT_EQ(static_cast<char*>(second),
            static_cast<char*>(first) + SizeClassHeap::UsableSize(first) + SizeClassHeap::kHeader);
  EXPECT_EQ(arena_used, used);
  heap_.Free(first);
  heap_.Free(second);
  heap_.Free(pin);
}

TEST_F(SizeClassHeapTest, ABlockGrowsInPlaceIntoTheFreeBlockAfterIt) {
  void* hole = heap_.Allocate(1 << 20);
  void* pin = heap_.Allocate(16);
  heap_.Free(hole);
  const size_t used = arena_used;
  auto* line = static_cast<char*>(heap_.Allocate(100000));
  std::memcpy(line, "line", 4);
  EXPECT_EQ(heap_.Reallocate(line, 900000), line);  // into the rest of the hole: no copy, no new memory
  EXPECT_EQ(std::memcmp(line, "line", 4), 0);
  EXPECT_EQ(arena_used, used);
  void* moved = heap_.Reallocate(line, 2 << 20);  // more than the hole: to the break
  EXPECT_NE(moved, line);
  EXPECT_EQ(std::memcmp(moved, "line", 4), 0);
  EXPECT_EQ(heap_.Allocate(1 << 20), hole);  // the hole is whole again
  heap_.Free(pin);
}

TEST_F(SizeClassHeapTest, AGrowingTopBlockMovesToAFreeBlockBelowThatFitsIt) {
  // A line that began at the top while a spike's text filled the memory below: once that is freed, the
  // line moves down into it rather than grow the heap.
  void* text = heap_.Allocate(1 << 20);
  void* pin = heap_.Allocate(16);
  auto* line = static_cast<char*>(heap_.Allocate(40000));
  std::memcpy(line, "line", 4);
  heap_.Free(text);
  const size_t used = arena_used;
  auto* grown = static_cast<char*>(heap_.Reallocate(line, 500000));
  EXPECT_EQ(static_cast<void*>(grown), text);
  EXPECT_EQ(std::memcmp(grown, "line", 4), 0);
  EXPECT_LT(arena_used, used);  // the old top block went back to the break
  heap_.Free(grown);
  heap_.Free(pin);
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
    unsigned pick = random() % 20;        // 7 in 20 allocate, 6 reallocate, 7 free: the live set stays bounded
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

// A seeded random workload with the core's shape (many small blocks, buffers that grow by appends, now and
// then one of megabytes, freed in any order): the break's high-water mark stays near the most bytes ever
// live at once. Every large block freed merges with its free neighbours and serves any later request that
// fits, so no sequence of spikes of different shapes leaves memory no request can use.
TEST_F(SizeClassHeapTest, RandomUseKeepsTheHighWaterMarkNearTheLiveBytes) {
  double worst = 0;
  for (unsigned seed = 1; seed <= 12; ++seed) {
    SetUp();
    SizeClassHeap heap(MoreFromArena);
    std::mt19937 random(seed);
    struct Live {
      void* p;
      size_t size;
    };
    std::vector<Live> live;
    size_t live_bytes = 0;
    size_t live_peak = 0;
    // Sizes: mostly small, a quarter up to 64 KiB, 1 in 25 up to 4 MiB (a spike).
    auto random_size = [&] {
      unsigned kind = random() % 100;
      size_t limit = kind < 4 ? size_t{4} << 20 : kind < 25 ? size_t{64} << 10 : 512;
      return 1 + random() % limit;
    };
    for (int op = 0; op < 6000; ++op) {
      unsigned pick = random() % 10;
      if (pick < 4 || live.empty()) {  // allocate
        size_t size = random_size();
        void* p = heap.Allocate(size);
        ASSERT_NE(p, nullptr) << "seed " << seed << " op " << op;
        live.push_back({p, size});
        live_bytes += size;
      } else if (pick < 6) {  // grow by appends, as a Buffer does (64 KiB steps at most)
        Live& block = live[random() % live.size()];
        size_t target = block.size + random_size();
        for (size_t size = block.size; size < target;) {
          size = std::min(target, size + (size_t{64} << 10));
          if (size > SizeClassHeap::UsableSize(block.p)) block.p = heap.Reallocate(block.p, size);
          ASSERT_NE(block.p, nullptr);
          live_bytes += size - block.size;
          block.size = size;
          live_peak = std::max(live_peak, live_bytes);
        }
      } else {  // free, in any order
        size_t index = random() % live.size();
        heap.Free(live[index].p);
        live_bytes -= live[index].size;
        live[index] = live.back();
        live.pop_back();
      }
      live_peak = std::max(live_peak, live_bytes);
    }
    const double ratio = static_cast<double>(arena_peak) / static_cast<double>(live_peak);
    worst = std::max(worst, ratio);
    // Small blocks are powers of two (up to 2x their request), large ones carry up to 1/8 of slack; what
    // fragmentation adds comes on top. 1.5x and 1 MiB: about what the worst seed needs, with room.
    EXPECT_LE(arena_peak, live_peak + live_peak / 2 + (size_t{1} << 20))
        << "seed " << seed << ": high-water " << arena_peak << " bytes for at most " << live_peak << " live";
    for (const Live& block : live) heap.Free(block.p);
  }
  std::printf("      worst high-water / live peak over 12 seeds: %.2f\n", worst);
}

}  // namespace
}  // namespace sse
