// A small allocator for the Wasm build: power-of-two size classes, one free list per class, memory
// from a caller-supplied sbrk-like `more` function (cpp/wasm/malloc.cc). Natively it is only tested.
//
// Why not emmalloc: the core allocates a handful of buffers per connection (line, data, id, type) and
// one shared batch arena, and emmalloc costs ~360 B more deflated Wasm than this. Two kinds of block:
// - Small ones (under 2^kExactClass bytes) are exact powers of two: a freed one is reused whole by the
//   next request of its class, so repeated use of one size costs no new memory.
// - Large ones are carved from the break at their exact size. A spike (a line or event near the limits)
//   grows one buffer by many appends: the top block grows in place (no copy, no smaller blocks left
//   behind), and a block freed at the top goes back to the break, with any free large blocks just
//   below it, so the next spike of any size reuses the memory. A large block freed elsewhere serves
//   later requests of its size (its own class, or the one above). Wasm memory itself never shrinks.
#ifndef SSE_SIZE_CLASS_HEAP_H_
#define SSE_SIZE_CLASS_HEAP_H_

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace sse {

class SizeClassHeap {
 public:
  // Every block starts with this many header bytes (its size), so payloads are 8-aligned when the
  // memory `more` returns is.
  static constexpr size_t kHeader = 8;
  static constexpr unsigned kMinClass = 4;    // 16-byte blocks: 8 of payload
  static constexpr unsigned kExactClass = 16;  // blocks of 64 KiB and more are sized exactly
  static constexpr unsigned kMaxClass = 31;   // 2 GiB blocks: the largest a 32-bit sbrk could give

  // sbrk: `more(bytes)` moves the break by `bytes` (negative: back) and returns where it was, or
  // nullptr when memory cannot grow. Only this heap moves it.
  using More = void* (*)(ptrdiff_t bytes);
  explicit constexpr SizeClassHeap(More more) : more_(more) {}

  __attribute__((noinline)) void* Allocate(size_t size) {
    const unsigned size_class = ClassFor(size);
    if (size_class > kMaxClass) return nullptr;
    Block* block;
    size_t bytes = size_t{1} << size_class;
    if (size_class < kExactClass) {
      // Any block on the class's list is large enough: a list holds the blocks of 2^k to 2^(k+1) bytes.
      if ((block = free_[size_class]) != nullptr) {
        free_[size_class] = block->next;
        return Payload(block);
      }
    } else {
      // The first free block large enough, from the list below the class's up: a block of the list
      // below may fit (sizes are not powers of two), and after that any larger one will. Large requests
      // are buffers that grow (a line or event arriving): one that starts in a free block of an earlier
      // spike grows in it instead of at the break.
      if ((block = TakeFree(size_class - 1, size + kHeader, nullptr)) != nullptr) return Payload(block);
      bytes = BytesWithSlack(size);
    }
    block = static_cast<Block*>(more_(static_cast<ptrdiff_t>(bytes)));
    if (block == nullptr) return nullptr;
    block->size = static_cast<uint32_t>(bytes);
    top_ = End(block);
    return Payload(block);
  }

  __attribute__((noinline)) void Free(void* payload) {
    if (payload == nullptr) return;
    Block* block = BlockOf(payload);
    if (End(block) != top_) {
      unsigned list = 31 - static_cast<unsigned>(__builtin_clz(block->size));
      block->next = free_[list];
      free_[list] = block;
      return;
    }
    // The top block goes back to the break, then each free large block that ends where it began.
    while (block != nullptr) {
      more_(-static_cast<ptrdiff_t>(block->size));
      top_ = reinterpret_cast<char*>(block);
      block = TakeFree(kExactClass, 0, top_);
    }
  }

  // realloc: in place while `size` fits the block, or when the block is the top one (it grows to `size`
  // with slack, so a buffer appended to in small steps comes here seldom); else a new block (of the next
  // power of two, or with slack) with the old bytes.
  void* Reallocate(void* payload, size_t size) {
    if (payload == nullptr) return Allocate(size);
    Block* block = BlockOf(payload);
    const size_t usable = block->size - kHeader;
    if (size <= usable) return payload;
    if (ClassFor(size) > kMaxClass) return nullptr;
    if (End(block) == top_) {
      size_t bytes = BytesWithSlack(size);
      if (more_(static_cast<ptrdiff_t>(bytes - block->size)) != nullptr) {
        block->size = static_cast<uint32_t>(bytes);
        top_ = End(block);
        return payload;
      }
    }
    void* grown = Allocate(size);
    if (grown != nullptr) {
      std::memcpy(grown, payload, usable);
      Free(payload);
    }
    return grown;
  }

  // Usable bytes of an allocated block (malloc_usable_size).
  static size_t UsableSize(void* payload) { return BlockOf(payload)->size - kHeader; }

  // The class whose blocks hold `size` payload bytes: the smallest k >= kMinClass with 2^k >= size + kHeader.
  static unsigned ClassFor(size_t size) {
    if (size > (size_t{1} << kMaxClass) - kHeader) return kMaxClass + 1;
    // 2^k >= total  <=>  k >= bit length of (total - 1); total - 1 >= kHeader > 0.
    unsigned long long last = size + kHeader - 1;
    unsigned size_class = 64 - static_cast<unsigned>(__builtin_clzll(last));
    return size_class < kMinClass ? kMinClass : size_class;
  }

 private:
  // A free block links to the next free block of its list; an allocated one keeps only its size.
  struct Block {
    uint32_t size;  // in bytes, the header included; a multiple of 8
    uint32_t pad;
    Block* next;  // overlaps the payload: valid only while free
  };
  static_assert(sizeof(Block) <= (size_t{1} << kMinClass), "a free block's link fits the smallest block");

  static void* Payload(Block* block) { return reinterpret_cast<char*>(block) + kHeader; }
  static Block* BlockOf(void* payload) { return reinterpret_cast<Block*>(static_cast<char*>(payload) - kHeader); }
  static char* End(Block* block) { return reinterpret_cast<char*>(block) + block->size; }
  // A block sized to `size` plus an eighth, at most 64 KiB more: room for what a buffer usually appends
  // next (a line's next chunk, the small texts after a large one in the batch arena), for little memory.
  static size_t BytesWithSlack(size_t size) {
    size_t slack = size / 8 < (size_t{64} << 10) ? size / 8 : size_t{64} << 10;
    return (size + slack + kHeader + 7) & ~size_t{7};
  }

  // Unlinks and returns the first free block, on the lists from `first_list` up, of at least `bytes`
  // bytes and, when `end` is not null, ending there; or null. Cold: kept small (no unrolling).
  Block* TakeFree(unsigned first_list, size_t bytes, char* end) {
#pragma clang loop unroll(disable)
    for (unsigned list = first_list; list <= kMaxClass; ++list) {
      for (Block** link = &free_[list]; *link != nullptr; link = &(*link)->next) {
        Block* block = *link;
        if (block->size >= bytes && (end == nullptr || End(block) == end)) {
          *link = block->next;
          return block;
        }
      }
    }
    return nullptr;
  }

  More more_;
  char* top_ = nullptr;  // the break: the end of the last block carved
  Block* free_[kMaxClass + 1] = {};
};

}  // namespace sse

#endif  // SSE_SIZE_CLASS_HEAP_H_
