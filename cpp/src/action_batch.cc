// Packed action records and their text arena.
#include "action_batch.h"

#include "utf8.h"

namespace sse {
namespace {

// A batch that once held a huge event gives its memory back when it is next cleared.
constexpr size_t kRetainedTextCapacity = size_t{1} << 20;

}  // namespace

void ActionBatch::Clear() {
  words_.clear();
  if (text_.capacity() > kRetainedTextCapacity) {
    std::string().swap(text_);
  } else {
    text_.clear();
  }
  text_units_ = 0;
}

void ActionBatch::Add(ActionKind kind, uint32_t a, uint32_t b, uint32_t c, uint32_t d) {
  words_.insert(words_.end(), {static_cast<uint32_t>(kind), a, b, c, d});
}

TextRef ActionBatch::AddText(std::string_view text) {
  TextRef ref{text_units_, static_cast<uint32_t>(Utf16Length(text))};
  text_.append(text);
  text_units_ += ref.length;
  return ref;
}

}  // namespace sse
