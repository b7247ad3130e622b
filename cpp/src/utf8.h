// UTF-8 decoding with U+FFFD replacement, as the WHATWG Encoding Standard's "UTF-8 decode" does it.
#ifndef SSE_UTF8_H_
#define SSE_UTF8_H_

#include <string>
#include <string_view>

namespace sse {

// Appends `in` to `out` with every invalid byte sequence replaced by U+FFFD (EF BF BD), using the
// WHATWG "maximal subpart" rule, so the result equals decoding the whole stream and re-encoding it.
// The event stream parser calls this once per complete field value: every byte that can end a value
// (LF, CR, ':') is ASCII, and ASCII always ends a pending multi-byte sequence in the WHATWG decoder,
// so decoding value by value gives exactly what decoding the stream at once would give.
// Returns false, with `out` cut short, when the result would be longer than `max_size` bytes: `out`
// never grows past it.
bool AppendDecodedUtf8(std::string& out, std::string_view in, size_t max_size = std::string::npos);

// The number of UTF-16 code units that valid UTF-8 `text` decodes to: one per code point, two for
// code points above U+FFFF. Lets JS slice one decoded string instead of decoding each field.
size_t Utf16Length(std::string_view text);

}  // namespace sse

#endif  // SSE_UTF8_H_
