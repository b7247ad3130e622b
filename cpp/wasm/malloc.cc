// The Wasm build's malloc family (build.sh links it with -s MALLOC=none, which also leaves out
// Emscripten's sbrk): sse::SizeClassHeap over a break that starts at __heap_base and grows Wasm memory
// through emscripten_resize_heap (ALLOW_MEMORY_GROWTH), which also renews the glue's HEAP views.
// Single-threaded, as the core is.
#include <emscripten/heap.h>

#include <cstddef>
#include <cstdint>
#include <cstring>

#include "../src/size_class_heap.h"

namespace {

extern "C" unsigned char __heap_base;  // the linker's end of static data, 16-aligned

uintptr_t heap_break = reinterpret_cast<uintptr_t>(&__heap_base);

// The break starts 16-aligned and every block is a power of two >= 16 bytes, so every block, and so
// every payload (8 bytes in), stays 8-aligned.
void* MoreMemory(size_t bytes) {
  uintptr_t start = heap_break;
  uintptr_t end = start + bytes;
  if (end < start) return nullptr;  // past 4 GiB
  if (end > __builtin_wasm_memory_size(0) * 65536 && !emscripten_resize_heap(end)) return nullptr;
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
__attribute__((noinline)) void* calloc(size_t count, size_t size) {
  if (size != 0 && count > static_cast<size_t>(-1) / size) return nullptr;
  void* payload = heap.Allocate(count * size);
  if (payload != nullptr) std::memset(payload, 0, count * size);
  return payload;
}

}  // extern "C"
