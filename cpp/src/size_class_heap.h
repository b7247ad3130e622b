// A small allocator for the Wasm build: power-of-two size classes, one free list per class, memory
// from a caller-supplied `more` function (sbrk in cpp/wasm/malloc.cc). Natively it is only tested.
//
// Why not emmalloc: the core allocates a handful of buffers per connection (line, data, id, type) and
// one shared batch arena; they grow by doubling (byte_buffer.h) and are released after a large event.
// Exact power-of-two classes fit that: a released block is reused whole by the next buffer of its class,
// so a repeated spike costs no new memory, and one buffer grown to N bytes has reserved at most 2N
// (N/2 + N/4 + ... of freed smaller blocks plus its own). No splitting or coalescing, so a freed 16 MiB
// block serves only requests of its class; Wasm memory never shrinks either way. Measured on the script
// tag: emmalloc costs ~360 B more deflated Wasm than this.
#ifndef SSE_SIZE_CLASS_HEAP_H_
#define SSE_SIZE_CLASS_HEAP_H_

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace sse {

class SizeClassHeap {
 public:
  // Every block starts with this many header bytes (its class), so payloads are 8-aligned when the
  // memory `more` returns is.
  static constexpr size_t kHeader = 8;
  static constexpr unsigned kMinClass = 4;   // 16-byte blocks: 8 of payload
  static constexpr unsigned kMaxClass = 31;  // 2 GiB blocks: the largest a 32-bit sbrk could give

  // `more(bytes)` returns `bytes` fresh contiguous bytes or nullptr.
  using More = void* (*)(size_t bytes);
  explicit constexpr SizeClassHeap(More more) : more_(more) {}

  void* Allocate(size_t size) {
    unsigned size_class = ClassFor(size);
    if (size_class > kMaxClass) return nullptr;
    Block* block = free_[size_class];
    if (block != nullptr) {
      free_[size_class] = block->next;
    } else {
      block = static_cast<Block*>(more_(size_t{1} << size_class));
      if (block == nullptr) return nullptr;
    }
    block->size_class = size_class;
    return Payload(block);
  }

  void Free(void* payload) {
    if (payload == nullptr) return;
    Block* block = BlockOf(payload);
    block->next = free_[block->size_class];
    free_[block->size_class] = block;
  }

  // realloc: in place while `size` fits the block's class, else a new block with the old bytes.
  void* Reallocate(void* payload, size_t size) {
    if (payload == nullptr) return Allocate(size);
    unsigned size_class = BlockOf(payload)->size_class;
    if (ClassFor(size) <= size_class) return payload;
    void* grown = Allocate(size);
    if (grown != nullptr) {
      std::memcpy(grown, payload, (size_t{1} << size_class) - kHeader);
      Free(payload);
    }
    return grown;
  }

  // Usable bytes of an allocated block (tests, malloc_usable_size).
  static size_t UsableSize(void* payload) { return (size_t{1} << BlockOf(payload)->size_class) - kHeader; }

  // The class whose blocks hold `size` payload bytes: the smallest k >= kMinClass with 2^k >= size + kHeader.
  static unsigned ClassFor(size_t size) {
    if (size > (size_t{1} << kMaxClass) - kHeader) return kMaxClass + 1;
    // 2^k >= total  <=>  k >= bit length of (total - 1); total - 1 >= kHeader > 0.
    unsigned long long last = size + kHeader - 1;
    unsigned size_class = 64 - static_cast<unsigned>(__builtin_clzll(last));
    return size_class < kMinClass ? kMinClass : size_class;
  }

 private:
  // A free block links to the next free block of its class; an allocated one keeps only its class.
  struct Block {
    uint32_t size_class;
    uint32_t pad;
    Block* next;  // overlaps the payload: valid only while free
  };
  static_assert(sizeof(Block) <= (size_t{1} << kMinClass), "a free block's link fits the smallest block");

  static void* Payload(Block* block) { return reinterpret_cast<char*>(block) + kHeader; }
  static Block* BlockOf(void* payload) { return reinterpret_cast<Block*>(static_cast<char*>(payload) - kHeader); }

  More more_;
  Block* free_[kMaxClass + 1] = {};
};

}  // namespace sse

#endif  // SSE_SIZE_CLASS_HEAP_H_
