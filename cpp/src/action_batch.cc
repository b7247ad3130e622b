// Packed action records and their text arena (Latin-1 while ASCII, UTF-16 after).
#include "action_batch.h"

#include <cstring>

#include "utf8.h"

namespace sse {
namespace {

// A batch that once held a huge event gives its memory back when it is next cleared.
constexpr size_t kRetainedTextBytes = size_t{1} << 20;
constexpr size_t kRetainedWords = size_t{1} << 16;
// AddText converts non-ASCII text to UTF-16 in pieces of about this many bytes.
constexpr size_t kPieceBytes = size_t{64} << 10;

}  // namespace

// Out of line: every input of the machine starts with it, and inlined at each (with three trims that may
// free) it cost ~0.4 KB of Wasm.
__attribute__((noinline)) void ActionBatch::Clear() {
  words_.ClearAndTrim(kRetainedWords);
  narrow_text_.ClearAndTrim(kRetainedTextBytes);
  wide_text_.ClearAndTrim(kRetainedTextBytes / 2);
  wide_ = false;
  units_ = 0;
  has_repeated_ = false;
}

TextRef ActionBatch::AddRepeatedText(std::string_view text) {
  // An empty text compares without memcmp: the arena may have no memory yet (data() null), and
  // memcmp(nullptr, ..., 0) is undefined behaviour (UBSan, event_source_machine_fuzz: two legacy
  // events of the empty type `Event:` in one batch).
  if (has_repeated_ && !wide_ && repeated_.length == text.size() &&
      (text.empty() || std::memcmp(narrow_text_.data() + repeated_.offset, text.data(), text.size()) == 0)) {
    return repeated_;
  }
  repeated_ = AddText(text);
  has_repeated_ = !wide_;
  return repeated_;
}

TextRef ActionBatch::AddText(std::string_view text, bool ascii) {
  if (!wide_ && (ascii || IsAscii(text))) {
    narrow_text_.append(text);
    TextRef ref{units_, static_cast<uint32_t>(text.size())};
    units_ += ref.length;
    return ref;
  }
  if (!wide_) Widen();
  TextRef ref{units_, 0};
  // A piece at a time, each given room for as many units as it has bytes (never too few) and then cut to
  // what it took: a text of mostly 2- and 3-byte characters does not reserve twice the memory it needs.
  while (!text.empty()) {
    size_t piece = text.size() < kPieceBytes ? text.size() : kPieceBytes;
    while (piece < text.size() && (static_cast<unsigned char>(text[piece]) & 0xC0) == 0x80)
      ++piece;  // whole characters
    size_t length = Utf8ToUtf16(text.substr(0, piece), wide_text_.Extend(piece));
    wide_text_.truncate(units_ + length);
    units_ += static_cast<uint32_t>(length);
    text.remove_prefix(piece);
  }
  ref.length = units_ - ref.offset;
  return ref;
}

// The first non-ASCII text of the batch: what the arena holds so far becomes UTF-16 units.
void ActionBatch::Widen() {
  wide_ = true;
  wide_text_.clear();
  uint16_t* out = wide_text_.Extend(narrow_text_.size());
  for (size_t i = 0; i < narrow_text_.size(); ++i) out[i] = static_cast<unsigned char>(narrow_text_[i]);
  narrow_text_.ClearAndTrim(kRetainedTextBytes);
}

}  // namespace sse
