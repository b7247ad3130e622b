// Packed action records and their text arena.
#include "action_batch.h"

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
}

void ActionBatch::Add(ActionKind kind, uint32_t a, uint32_t b, uint32_t c, uint32_t d) {
  words_.insert(words_.end(), {static_cast<uint32_t>(kind), a, b, c, d});
}

uint32_t ActionBatch::AddText(std::string_view text) {
  uint32_t offset = static_cast<uint32_t>(text_.size());
  text_.append(text);
  return offset;
}

std::string_view ActionBatch::text(uint32_t offset, uint32_t length) const {
  return std::string_view(text_).substr(offset, length);
}

}  // namespace sse
