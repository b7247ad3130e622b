// A small allocator for the Wasm build: power-of-two size classes for small blocks, and for large ones an
// address-ordered free list that merges neighbours and splits; memory from a caller-supplied sbrk-like
// `more` function (cpp/wasm/malloc.cc). Natively it is tested alone and under the core
// (tests/native/size_class_heap_test.cc, tests/native/memory_bound_test.cc).
//
// Why not emmalloc: the core allocates a handful of buffers per connection (line, data, id, type) and
// one shared batch arena, and emmalloc costs more Wasm than this. Two kinds of block:
// - Small ones (at most kSmallBytes) are powers of two on one free list per class: a freed one is reused
//   whole by the next request of its class, so repeated use of one size costs no new memory.
// - Large ones (lines, events, ids near the limits, the batch after a burst) are sized exactly. A spike
//   grows one buffer by many appends: the top block grows in place, and a block freed at the top goes
//   back to the break. A large block freed below the top joins the free list merged with the free
//   blocks on either side, so free memory never stays in pieces that no request fits; a request takes
//   the lowest free block that fits, cut to its size, and a block grows in place into the free block
//   after it. So any spike's memory serves the next spike of any shape: the break (Wasm memory's size)
//   stays near the most bytes live at once. Without the merging, spikes arriving in other shapes each
//   took new memory (1 MiB ids at Node's chunkings: 600 events, +620 MiB).
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
  static constexpr unsigned kMinClass = 4;     // 16-byte blocks: 8 of payload
  static constexpr unsigned kExactClass = 16;  // requests of this class and above are large: sized exactly
  static constexpr unsigned kMaxClass = 31;    // 2 GiB blocks: the largest a 32-bit sbrk could give
  // Blocks of more bytes than this are large: a large request is more than half a 64 KiB block.
  static constexpr size_t kSmallBytes = size_t{1} << (kExactClass - 1);

  // sbrk: `more(bytes)` moves the break by `bytes` (negative: back) and returns where it was, or
  // nullptr when memory cannot grow. Only this heap moves it.
  using More = void* (*)(ptrdiff_t bytes);
  explicit constexpr SizeClassHeap(More more) : more_(more) {}

  __attribute__((noinline)) void* Allocate(size_t size) {
    const unsigned size_class = ClassFor(size);
    if (size_class > kMaxClass) return nullptr;
    Block* block;
    // Small: a power of two, from its class's list, else from the start of the lowest free large block
    // that stays large after it (small blocks kept low and together leave the free memory above them in
    // one piece: random use 1.73x -> 1.46x of the live bytes at worst). Large: the lowest free block
    // that fits (address-ordered first fit keeps free memory in few, large pieces), cut to the request.
    // Else new memory at the break; a large block with slack to grow into.
    size_t bytes = size_t{1} << size_class;
    size_t wanted = bytes + kSmallBytes + 8;
    if (size_class < kExactClass) {
      if ((block = small_[size_class]) != nullptr) {
        small_[size_class] = block->next;
        return Payload(block);
      }
    } else {
      wanted = bytes = Exact(size);
    }
    if (Block** link = FirstFit(wanted)) {
      block = *link;
      *link = block->next;
      Split(block, bytes);
      return Payload(block);
    }
    if (size_class >= kExactClass) bytes = BytesWithSlack(size);
    block = static_cast<Block*>(more_(static_cast<ptrdiff_t>(bytes)));
    if (block == nullptr) return nullptr;
    block->size = static_cast<uint32_t>(bytes);
    top_ = End(block);
    return Payload(block);
  }

  __attribute__((noinline)) void Free(void* payload) {
    if (payload == nullptr) return;
    Block* block = BlockOf(payload);
    if (block->size <= kSmallBytes && End(block) != top_) {
      unsigned size_class = 31 - static_cast<unsigned>(__builtin_clz(block->size));
      block->next = small_[size_class];
      small_[size_class] = block;
      return;
    }
    // Into the address-ordered list, merged with the free blocks that end where it begins and begin
    // where it ends; a free block that ends at the break goes back to it.
    Block** link = &large_;
    Block** before = nullptr;
    while (*link != nullptr && *link < block) link = &(*(before = link))->next;
    Block* after = *link;
    if (before != nullptr && End(*before) == Start(block)) {
      (*before)->size += block->size;
      block = *(link = before);
    } else {
      block->next = after;
      *link = block;
    }
    if (after != nullptr && End(block) == Start(after)) {
      block->size += after->size;
      block->next = after->next;
    }
    if (End(block) == top_) {
      *link = nullptr;  // the last free block
      more_(-static_cast<ptrdiff_t>(block->size));
      top_ = Start(block);
    }
  }

  // realloc: in place while `size` fits the block; grown in place when the block is the top one (to
  // `size` with slack, so a buffer appended to in small steps comes here seldom) or a free block follows
  // it with room enough; else a new block with the old bytes.
  void* Reallocate(void* payload, size_t size) {
    if (payload == nullptr) return Allocate(size);
    Block* block = BlockOf(payload);
    const size_t usable = block->size - kHeader;
    if (size <= usable) return payload;
    if (ClassFor(size) > kMaxClass) return nullptr;
    // The top block moves to the lowest free block that fits, if one does, rather than grow the heap
    // while free memory lies below: a line that starts while the batch holds the last spike's text
    // would otherwise take new memory for each spike. It moves once per spike at most: where it lands it
    // grows into the free memory after it, and once too large for that, no free block fits it.
    if (End(block) == top_ && (ClassFor(size) < kExactClass || FirstFit(Exact(size)) == nullptr)) {
      size_t bytes = BytesWithSlack(size);
      if (more_(static_cast<ptrdiff_t>(bytes - block->size)) != nullptr) {
        block->size = static_cast<uint32_t>(bytes);
        top_ = End(block);
        return payload;
      }
    } else if (block->size > kSmallBytes && GrowIntoNext(block, Exact(size))) {
      return payload;
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
  static char* Start(Block* block) { return reinterpret_cast<char*>(block); }
  static char* End(Block* block) { return Start(block) + block->size; }
  // A large block's bytes for `size` payload bytes: the header and rounding to 8, nothing more.
  static size_t Exact(size_t size) { return (size + kHeader + 7) & ~size_t{7}; }
  // A block sized to `size` plus an eighth, at most 64 KiB more: room for what a buffer usually appends
  // next (a line's next chunk, the small texts after a large one in the batch arena), for little memory.
  static size_t BytesWithSlack(size_t size) {
    size_t slack = size / 8 < (size_t{64} << 10) ? size / 8 : size_t{64} << 10;
    return Exact(size + slack);
  }

  // The link to the lowest free large block of at least `bytes` bytes, or null.
  __attribute__((noinline)) Block** FirstFit(size_t bytes) {
    for (Block** link = &large_; *link != nullptr; link = &(*link)->next) {
      if ((*link)->size >= bytes) return link;
    }
    return nullptr;
  }

  // Cuts a large block to `bytes` when what is left is large too, and frees the rest (which merges
  // with a free block after it). A smaller rest stays in the block: at most kSmallBytes unused.
  __attribute__((noinline)) void Split(Block* block, size_t bytes) {
    if (block->size - bytes <= kSmallBytes) return;
    Block* rest = reinterpret_cast<Block*>(Start(block) + bytes);
    rest->size = static_cast<uint32_t>(block->size - bytes);
    block->size = static_cast<uint32_t>(bytes);
    Free(Payload(rest));
  }

  // Grows a large block in place to `bytes` through the free block that begins where it ends, if that
  // one has room enough; the rest of it stays free.
  bool GrowIntoNext(Block* block, size_t bytes) {
    Block* next;
    for (Block** link = &large_; (next = *link) != nullptr; link = &next->next) {
      if (Start(next) != End(block)) continue;
      if (block->size + next->size < bytes) return false;
      *link = next->next;
      block->size += next->size;
      Split(block, bytes);
      return true;
    }
    return false;
  }

  More more_;
  char* top_ = nullptr;             // the break: the end of the last block carved
  Block* small_[kExactClass] = {};  // free small blocks, one list per class
  Block* large_ = nullptr;          // free large blocks, by address, none adjacent to another or the break
};

}  // namespace sse

#endif  // SSE_SIZE_CLASS_HEAP_H_
