// UTF-8 validation with U+FFFD replacement (WHATWG Encoding Standard "UTF-8 decode") and UTF-8 to
// UTF-16 transcoding of valid text.
#ifndef SSE_UTF8_H_
#define SSE_UTF8_H_

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace sse {

// Length of the longest prefix of `in` that is valid UTF-8 (whole sequences only). Validates whole
// runs at a time: ASCII eight bytes per step, multi-byte sequences without writing anything.
size_t ValidUtf8Prefix(std::string_view in);

// Length of the WHATWG "maximal subpart" at the start of `in`, whose first byte does not begin a
// valid sequence there: the bytes one U+FFFD replaces (at least 1).
size_t InvalidSequenceLength(std::string_view in);

// True when every byte is below 0x80.
bool IsAscii(std::string_view in);

// Appends `in` to `out` (std::string or ByteBuffer) with every invalid byte sequence replaced by U+FFFD
// (EF BF BD), by the "maximal subpart" rule, so the result equals decoding the whole stream and
// re-encoding it. The parser calls this once per complete field value: every byte that can end a value
// (LF, CR, ':') is ASCII, and ASCII always ends a pending multi-byte sequence in the WHATWG decoder, so
// decoding value by value gives exactly what decoding the stream at once would give.
// Returns false, with `out` cut short, when the result would be longer than `max_size` bytes: `out`
// never grows past it.
template <typename Out>
bool AppendDecodedUtf8(Out& out, std::string_view in, size_t max_size = static_cast<size_t>(-1)) {
  if (out.size() > max_size) return false;
  while (!in.empty()) {
    size_t valid = ValidUtf8Prefix(in);
    if (out.size() + valid > max_size) return false;
    out.append(in.data(), valid);
    in.remove_prefix(valid);
    if (in.empty()) break;
    if (out.size() + 3 > max_size) return false;
    out.append("\xEF\xBF\xBD", 3);
    in.remove_prefix(InvalidSequenceLength(in));
  }
  return true;
}

// Writes the UTF-16 code units of valid UTF-8 `text` to `out` (room for text.size() units is always
// enough) and returns their count: the text arena's offsets, which JS slices by.
size_t Utf8ToUtf16(std::string_view text, uint16_t* out);

}  // namespace sse

#endif  // SSE_UTF8_H_
