// A growable buffer of bytes or 16/32-bit units on malloc/realloc: the core's strings and arrays.
#ifndef SSE_BYTE_BUFFER_H_
#define SSE_BYTE_BUFFER_H_

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string_view>
#include <utility>

#if defined(__EMSCRIPTEN__)
extern "C" size_t malloc_usable_size(void* payload);  // cpp/wasm/malloc.cc
#endif

namespace sse {

// Where Buffer's memory comes from: malloc, which in the Wasm build is cpp/wasm/malloc.cc's SizeClassHeap
// (it sizes blocks itself: Buffer asks for what it needs and reads the usable size). With
// SSE_BUFFER_HEAP the program defines these three instead: the memory tests put the same heap under the
// core natively (tests/native/memory_bound_test.cc), where sanitizers keep libc's malloc their own.
#if defined(SSE_BUFFER_HEAP)
void* BufferRealloc(void* payload, size_t size);
void BufferFree(void* payload);
size_t BufferUsableSize(void* payload);
#define SSE_SIZED_BLOCKS 1
#else
inline void* BufferRealloc(void* payload, size_t size) { return std::realloc(payload, size); }
inline void BufferFree(void* payload) { std::free(payload); }
#if defined(__EMSCRIPTEN__)
inline size_t BufferUsableSize(void* payload) { return malloc_usable_size(payload); }
#define SSE_SIZED_BLOCKS 1
#endif
#endif

// std::string and std::vector pull several KB of libc++ into the Wasm for what the core needs: append,
// clear, and giving memory back after a spike. Movable, not copyable (a copy is never wanted here).
template <typename T>
class Buffer {
 public:
  Buffer() = default;
  ~Buffer() { BufferFree(data_); }
  Buffer(const Buffer&) = delete;
  Buffer& operator=(const Buffer&) = delete;
  Buffer(Buffer&& other) noexcept
      : data_(std::exchange(other.data_, nullptr)),
        size_(std::exchange(other.size_, 0)),
        capacity_(std::exchange(other.capacity_, 0)) {}
  Buffer& operator=(Buffer&& other) noexcept {
    if (this != &other) {
      BufferFree(data_);
      data_ = std::exchange(other.data_, nullptr);
      size_ = std::exchange(other.size_, 0);
      capacity_ = std::exchange(other.capacity_, 0);
    }
    return *this;
  }

  // Exchanges the two buffers' memory (std::swap would go through three moves and their frees).
  void Swap(Buffer& other) noexcept {
    std::swap(data_, other.data_);
    std::swap(size_, other.size_);
    std::swap(capacity_, other.capacity_);
  }

  T* data() { return data_; }
  const T* data() const { return data_; }
  size_t size() const { return size_; }
  size_t capacity() const { return capacity_; }
  bool empty() const { return size_ == 0; }
  T& operator[](size_t i) { return data_[i]; }
  const T& operator[](size_t i) const { return data_[i]; }
  T& back() { return data_[size_ - 1]; }

  void clear() { size_ = 0; }
  void pop_back() { --size_; }
  // Cuts the buffer to its first `size` units (size <= size()).
  void truncate(size_t size) { size_ = size; }

  // Makes room for `count` more units and returns where they go; size() grows by `count`.
  T* Extend(size_t count) {
    if (capacity_ - size_ < count) Grow(count);
    T* out = data_ + size_;
    size_ += count;
    return out;
  }
  void append(const T* units, size_t count) {
    if (count != 0) std::memcpy(Extend(count), units, count * sizeof(T));
  }
  void push_back(T unit) { *Extend(1) = unit; }

  // Frees the memory, so a buffer that once held a large event does not pin it.
  void Release() {
    BufferFree(data_);
    data_ = nullptr;
    size_ = capacity_ = 0;
  }
  // Empties the buffer, releasing its memory when it grew past `retained` units.
  void ClearAndTrim(size_t retained) {
    if (capacity_ > retained) {
      Release();
    } else {
      size_ = 0;
    }
  }

 private:
  void Grow(size_t count) {
    size_t wanted = size_ + count;
#if defined(SSE_SIZED_BLOCKS)
    // SizeClassHeap sizes blocks itself: a block grows in place by a little more than asked (a line at
    // the limit then costs its size, not the next power of two).
    void* grown = BufferRealloc(data_, wanted * sizeof(T));
    if (grown == nullptr) __builtin_trap();  // out of memory: the limits make this unreachable in practice
    capacity_ = BufferUsableSize(grown) / sizeof(T);
#else
    size_t capacity = capacity_ < 16 ? 16 : 2 * capacity_;  // doubling: a long line is copied fewer times
    if (capacity < wanted) capacity = wanted;
    void* grown = BufferRealloc(data_, capacity * sizeof(T));
    if (grown == nullptr) __builtin_trap();
    capacity_ = capacity;
#endif
    data_ = static_cast<T*>(grown);
  }

  T* data_ = nullptr;
  size_t size_ = 0;
  size_t capacity_ = 0;
};

// Bytes, with the string-like helpers the parser uses.
class ByteBuffer : public Buffer<char> {
 public:
  std::string_view view() const { return std::string_view(data(), size()); }
  void append(std::string_view text) { Buffer<char>::append(text.data(), text.size()); }
  void append(const char* bytes, size_t count) { Buffer<char>::append(bytes, count); }
  void assign(std::string_view text) {
    clear();
    append(text);
  }
};

}  // namespace sse

#endif  // SSE_BYTE_BUFFER_H_
