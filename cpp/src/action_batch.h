// The packed list of actions one input to the state machine produces, read by JS in one pass.
#ifndef SSE_ACTION_BATCH_H_
#define SSE_ACTION_BATCH_H_

#include <cstdint>
#include <string_view>

#include "boundary.h"
#include "byte_buffer.h"

namespace sse {

// A string's place in the text arena, in UTF-16 code units.
struct TextRef {
  uint32_t offset;
  uint32_t length;
};

// Fixed-size records of kRecordWords words plus one text arena for their strings, which JS turns into
// one string per batch and slices. The arena holds Latin-1 bytes while every text in it is ASCII (one
// byte per UTF-16 unit) and UTF-16 code units once any is not: JS makes a string from either at
// memory-copy speed, where decoding UTF-8 ran at ~0.3 GB/s in Node 20 (ucs2Slice of the same text in
// UTF-16: 30x faster). Addressing strings in UTF-16 units keeps offsets the same in both forms.
class ActionBatch {
 public:
  // The kinds and the record width are the boundary's (cpp/src/boundary.def).
  static_assert(kRecordWords == 5, "Add() and arg() address kind, a, b, c, d");

  void Clear();
  void Add(ActionKind kind, uint32_t a = 0, uint32_t b = 0, uint32_t c = 0, uint32_t d = 0) {
    uint32_t* record = words_.Extend(kRecordWords);
    record[0] = static_cast<uint32_t>(kind);
    record[1] = a;
    record[2] = b;
    record[3] = c;
    record[4] = d;
  }
  // Appends valid UTF-8 `text`; `ascii` says it is all ASCII already (saves a scan).
  TextRef AddText(std::string_view text, bool ascii = false);
  // As AddText, but a text equal to the previous one added this way (since Clear) is not added again:
  // its first TextRef is returned, so JS makes one string for it. For event types, which repeat.
  TextRef AddRepeatedText(std::string_view text);

  size_t size() const { return words_.size() / kRecordWords; }
  ActionKind kind(size_t i) const { return static_cast<ActionKind>(words_[i * kRecordWords]); }
  uint32_t arg(size_t i, size_t n) const { return words_[i * kRecordWords + 1 + n]; }
  const uint32_t* words() const { return words_.data(); }

  // The arena: text_units() UTF-16 code units, stored as one byte each (Latin-1) unless text_is_wide().
  bool text_is_wide() const { return wide_; }
  uint32_t text_units() const { return units_; }
  const void* text_data() const {
    return wide_ ? static_cast<const void*>(wide_text_.data()) : static_cast<const void*>(narrow_text_.data());
  }
  size_t text_bytes() const { return wide_ ? wide_text_.size() * 2 : narrow_text_.size(); }

 private:
  void Widen();

  Buffer<uint32_t> words_;
  ByteBuffer narrow_text_;
  Buffer<uint16_t> wide_text_;
  bool wide_ = false;
  uint32_t units_ = 0;  // the arena's length in UTF-16 code units
  TextRef repeated_{0, 0};
  bool has_repeated_ = false;  // repeated_ refers to a narrow text added by AddRepeatedText
};

}  // namespace sse

#endif  // SSE_ACTION_BATCH_H_
