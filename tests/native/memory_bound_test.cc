// The core's memory under any stream: the machine and its parser over the Wasm build's allocator
// (SizeClassHeap, given to every Buffer through SSE_BUFFER_HEAP), fed seeded random mixes of large ids,
// data lines, comments and small events at random chunkings. The heap's high-water mark stays within
// twice what is in flight, plus a constant, and repeated spikes of any mix take no new memory.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <random>

#include "byte_buffer.h"
#include "event_source_machine.h"
#include "size_class_heap.h"

namespace sse {
namespace {

constexpr size_t kMiB = size_t{1} << 20;

// The arena standing in for Wasm memory: arena_used is the break, arena_peak its high-water mark.
alignas(16) unsigned char arena[size_t{256} << 20];
size_t arena_used = 0;
size_t arena_peak = 0;

void* MoreFromArena(ptrdiff_t bytes) {
  if (bytes > 0 && static_cast<size_t>(bytes) > sizeof(arena) - arena_used) return nullptr;
  void* start = arena + arena_used;
  arena_used += static_cast<size_t>(bytes);
  arena_peak = std::max(arena_peak, arena_used);
  return start;
}

// The heap under test: a fresh one per test case (FreshHeap), so each starts from an empty arena.
SizeClassHeap* heap = nullptr;

}  // namespace

// Buffer's memory (byte_buffer.h, SSE_BUFFER_HEAP): the heap above, as in the Wasm build.
void* BufferRealloc(void* payload, size_t size) { return heap->Reallocate(payload, size); }
void BufferFree(void* payload) { heap->Free(payload); }
size_t BufferUsableSize(void* payload) { return SizeClassHeap::UsableSize(payload); }

namespace {

// What one random item of the stream is; its largest line is up to `max_line` bytes.
enum class Item { kIdEvent, kDataEvent, kComment, kManyLineEvent, kWideEvent, kSmallEvents, kIdAndData };

// Writes random items into a stream and feeds it to a machine in random chunks, keeping the bytes of
// the item in flight (its lines, the last event ID the machine keeps, the chunk) to bound the heap by.
class RandomStream {
 public:
  RandomStream(unsigned seed, size_t max_line) : random_(seed), max_line_(max_line), buffer_(new char[kCapacity]) {}
  ~RandomStream() { delete[] buffer_; }

  // Makes the same items come again (what is not yet fed stays, so they fall in other chunkings).
  void Repeat(unsigned seed) { random_.seed(seed); }

  // Appends one random item, feeds what the chunking takes of the stream, and returns the largest
  // in-flight size seen so far.
  size_t Next(EventSourceMachine& machine) {
    size_t id = WriteItem();
    // In flight: this item (and what is left of the last one), the last event ID kept from before it,
    // the chunk, and the texts of the chunk's batch as JS gets them (UTF-16 once any is not ASCII).
    const size_t unparsed = length_ + last_id_ + max_chunk_;
    if (id != 0) last_id_ = id;
    Feed(machine, unparsed);
    return in_flight_;
  }

 private:
  static constexpr size_t kCapacity = size_t{64} << 20;

  size_t Size() {  // log-uniform in [1, max_line]: mostly small, now and then near the limit
    double exponent = std::uniform_real_distribution<double>(0, std::log2(static_cast<double>(max_line_)))(random_);
    return static_cast<size_t>(std::exp2(exponent));
  }
  void Put(const char* text) { Put(text, std::strlen(text)); }
  void Put(const char* text, size_t n) {
    std::memcpy(buffer_ + length_, text, n);
    length_ += n;
  }
  void Fill(char c, size_t n) {
    std::memset(buffer_ + length_, c, n);
    length_ += n;
  }
  void PutWide(size_t n) {  // n bytes of 2-byte characters (U+00E9)
    for (size_t i = 0; i + 1 < n; i += 2) Put("\xC3\xA9", 2);
  }

  // Returns the size of the id it sets, or 0.
  size_t WriteItem() {
    size_t n = Size();
    switch (static_cast<Item>(random_() % 7)) {
      case Item::kIdEvent:
        Put("id: ");
        Fill('i', n);
        Put("\ndata: d\n\n");
        return n;
      case Item::kDataEvent:
        Put("data: ");
        Fill('d', n);
        Put("\n\n");
        return 0;
      case Item::kComment:
        Put(":");
        Fill('c', n);
        Put("\n");
        return 0;
      case Item::kManyLineEvent:
        for (size_t done = 0; done < n; done += 1024) {
          Put("data: ");
          Fill('m', 1017);
          Put("\n");
        }
        Put("\n");
        return 0;
      case Item::kWideEvent:
        Put("data: ");
        PutWide(n);
        Put("\n\n");
        return 0;
      case Item::kSmallEvents:
        for (int i = 0; i < 50; ++i) Put(i % 2 ? "event: tick\ndata: 1\n\n" : "data: \xC3\xA9\n\n");
        return 0;
      case Item::kIdAndData:
        Put("id: ");
        Fill('j', n / 2);
        Put("\ndata: ");
        Fill('e', n / 2);
        Put("\n\n");
        return n / 2;
    }
    return 0;
  }

  // Feeds whole chunks of random sizes (log-uniform, 1 byte to 1 MiB) while the stream has them;
  // `unparsed` is what is in flight before the batches.
  void Feed(EventSourceMachine& machine, size_t unparsed) {
    in_flight_ = std::max(in_flight_, unparsed);
    for (;;) {
      if (chunk_ == 0) {
        double exponent = std::uniform_real_distribution<double>(0, 20)(random_);
        chunk_ = static_cast<size_t>(std::exp2(exponent));
        max_chunk_ = std::max(max_chunk_, chunk_);
      }
      if (fed_ + chunk_ > length_) break;
      machine.OnBodyChunk(reinterpret_cast<const uint8_t*>(buffer_ + fed_), chunk_);
      in_flight_ = std::max(in_flight_, unparsed + machine.actions().text_bytes());
      fed_ += chunk_;
      chunk_ = 0;
    }
    std::memmove(buffer_, buffer_ + fed_, length_ - fed_);
    length_ -= fed_;
    fed_ = 0;
  }

  std::mt19937 random_;
  const size_t max_line_;
  char* const buffer_;
  size_t length_ = 0;
  size_t fed_ = 0;
  size_t chunk_ = 0;
  size_t max_chunk_ = 0;
  size_t last_id_ = 0;
  size_t in_flight_ = 0;
};

// Installs a new heap over the empty arena for as long as it lives; every Buffer must be gone by then.
class FreshHeap {
 public:
  FreshHeap() : heap_(MoreFromArena) {
    arena_used = arena_peak = 0;
    heap = &heap_;
  }
  ~FreshHeap() { heap = nullptr; }

 private:
  SizeClassHeap heap_;
};

// An open machine with limits that let 4 MiB lines and events through.
struct OpenMachine : EventSourceMachine {
  OpenMachine() : EventSourceMachine(Options()) {
    Start();
    OnResponse(200, "text/event-stream");
  }
  static MachineOptions Options() {
    MachineOptions options;
    options.limits.max_line_length = 16 * kMiB;
    options.limits.max_event_size = 16 * kMiB;
    return options;
  }
};

constexpr int kItems = 120;
constexpr unsigned kSeeds = 8;

TEST(MemoryBound, RandomMixesAtRandomChunkingsStayWithinTwiceWhatIsInFlight) {
  double worst = 0;
  for (unsigned seed = 1; seed <= kSeeds; ++seed) {
    FreshHeap fresh;
    size_t in_flight = 0;
    {
      OpenMachine machine;
      RandomStream stream(seed, 4 * kMiB);
      for (int item = 0; item < kItems; ++item) in_flight = stream.Next(machine);
      ASSERT_EQ(machine.ready_state(), ReadyState::kOpen) << "seed " << seed;
    }
    const double ratio = static_cast<double>(arena_peak) / static_cast<double>(in_flight);
    worst = std::max(worst, ratio);
    std::printf("      seed %u: high-water %.2f MiB, in flight at most %.2f MiB (%.2fx)\n", seed,
                static_cast<double>(arena_peak) / kMiB, static_cast<double>(in_flight) / kMiB, ratio);
    EXPECT_LE(arena_peak, 2 * in_flight + kMiB) << "seed " << seed;
  }
  std::printf("      worst: %.2fx\n", worst);
}

// Spikes do not pile up: the same mixes again and again, each pass in other chunkings (it starts where
// the last left off), stay within the bound of all the passes' in-flight bytes; the memory of one
// pass's spikes serves the next's.
TEST(MemoryBound, RepeatedRandomMixesReuseTheirMemory) {
  for (unsigned seed : {1u, 8u}) {
    FreshHeap fresh;
    OpenMachine machine;
    RandomStream stream(seed, 4 * kMiB);
    size_t in_flight = 0;
    for (unsigned pass = 1; pass <= 4; ++pass) {
      stream.Repeat(seed);
      for (int item = 0; item < kItems; ++item) in_flight = std::max(in_flight, stream.Next(machine));
      std::printf("      seed %u, pass %u: high-water %.2f MiB, in flight at most %.2f MiB\n", seed, pass,
                  static_cast<double>(arena_peak) / kMiB, static_cast<double>(in_flight) / kMiB);
      EXPECT_LE(arena_peak, 2 * in_flight + kMiB) << "seed " << seed << " pass " << pass;
    }
  }
}

}  // namespace
}  // namespace sse
