// Packed action records and their text arena (Latin-1 while ASCII, UTF-16 after).
#include "action_batch.h"

#include <cstring>

#include "utf8.h"

namespace sse {
namespace {

// A batch that once held a huge event gives its memory back when it is next cleared.
constexpr size_t kRetainedTextBytes = size_t{1} << 20;
constexpr size_t kRetainedWords = size_t{1} << 16;

}  // namespace

void ActionBatch::Clear() {
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
  uint16_t* out = wide_text_.Extend(text.size());  // never more units than bytes
  size_t length = Utf8ToUtf16(text, out);
  wide_text_.truncate(units_ + length);
  TextRef ref{units_, static_cast<uint32_t>(length)};
  units_ += ref.length;
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
