// The Wasm build's malloc family (build.sh links it with -s MALLOC=none, which also leaves out
// Emscripten's sbrk): sse::SizeClassHeap over a break that starts at __heap_base and grows Wasm memory
// with memory.grow, up to the maximum ALLOW_MEMORY_GROWTH sets. Not through emscripten_resize_heap:
// the JS views of memory are renewed by cpp/wasm/module_surface.js's getters, the only way JS reads
// them. Single-threaded, as the core is.
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "../src/size_class_heap.h"

namespace {

extern "C" unsigned char __heap_base;  // the linker's end of static data, 16-aligned

uintptr_t heap_break = reinterpret_cast<uintptr_t>(&__heap_base);

// sbrk. The break starts 16-aligned and every block is a multiple of 8 bytes, so every block, and so
// every payload (8 bytes in), stays 8-aligned.
void* MoreMemory(ptrdiff_t bytes) {
  uintptr_t start = heap_break;
  uintptr_t end = start + static_cast<uintptr_t>(bytes);
  if (bytes > 0 && end < start) return nullptr;  // past 4 GiB
  uintptr_t size = __builtin_wasm_memory_size(0) * 65536;
  if (end > size) {
    // By 1 MiB at least, so that growth is rare, and no more than that past what is needed, so that the
    // memory's size is what the heap used at its peak (emscripten_resize_heap grows by a fifth at least).
    uintptr_t wanted = end - size > (uintptr_t{1} << 20) ? end - size : uintptr_t{1} << 20;
    if (__builtin_wasm_memory_grow(0, (wanted + 65535) / 65536) == static_cast<size_t>(-1) &&
        __builtin_wasm_memory_grow(0, (end - size + 65535) / 65536) == static_cast<size_t>(-1)) {
      return nullptr;
    }
  }
  heap_break = end;
  return reinterpret_cast<void*>(start);
}

sse::SizeClassHeap heap(MoreMemory);

}  // namespace

// noinline: under -flto the whole heap would otherwise be inlined at every call site (+700 B of Wasm).
extern "C" {

__attribute__((noinline)) void* malloc(size_t size) { return heap.Allocate(size); }
__attribute__((noinline)) void free(void* payload) { heap.Free(payload); }
__attribute__((noinline)) void* realloc(void* payload, size_t size) { return heap.Reallocate(payload, size); }
size_t malloc_usable_size(void* payload) { return sse::SizeClassHeap::UsableSize(payload); }
__attribute__((noinline)) void* calloc(size_t count, size_t size) {
  if (size != 0 && count > static_cast<size_t>(-1) / size) return nullptr;
  void* payload = heap.Allocate(count * size);
  if (payload != nullptr) std::memset(payload, 0, count * size);
  return payload;
}

}  // extern "C"
