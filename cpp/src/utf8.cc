// UTF-8 validation, replacement and transcoding to UTF-16 (WHATWG Encoding Standard).
#include "utf8.h"

#include <cstring>

namespace sse {
namespace {

constexpr uint64_t kHighBits = 0x8080808080808080ULL;

// Length of the leading run of ASCII bytes, eight per step: event streams are mostly ASCII.
size_t AsciiPrefix(const unsigned char* p, size_t n) {
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t word;
    std::memcpy(&word, p + i, 8);
    if (word & kHighBits) break;
  }
  while (i < n && p[i] < 0x80) ++i;
  return i;
}

// Length of the valid multi-byte sequence starting at p[0] (a non-ASCII byte), or 0 when the
// sequence is invalid or cut short; then `*bad` is the length of its maximal subpart (at least 1).
size_t ValidSequence(const unsigned char* p, size_t n, size_t* bad) {
  unsigned char lead = p[0];
  size_t needed;
  unsigned char lower = 0x80, upper = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    needed = 1;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    needed = 2;
    if (lead == 0xE0) lower = 0xA0;  // overlong
    if (lead == 0xED) upper = 0x9F;  // surrogates
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    needed = 3;
    if (lead == 0xF0) lower = 0x90;  // overlong
    if (lead == 0xF4) upper = 0x8F;  // above U+10FFFF
  } else {
    *bad = 1;
    return 0;
  }
  for (size_t seen = 1; seen <= needed; ++seen) {
    if (seen >= n || p[seen] < lower || p[seen] > upper) {
      *bad = seen;  // the lead byte plus the continuation bytes accepted so far
      return 0;
    }
    lower = 0x80;
    upper = 0xBF;
  }
  return needed + 1;
}

}  // namespace

size_t ValidUtf8Prefix(std::string_view in) {
  const auto* p = reinterpret_cast<const unsigned char*>(in.data());
  const size_t n = in.size();
  size_t i = 0;
  while (i < n) {
    const unsigned char lead = p[i];
    if (lead < 0x80) {
      i += AsciiPrefix(p + i, n - i);
      continue;
    }
    // The common leads, whose continuation bytes may be anything in 80..BF, are checked inline: two
    // bytes (Latin, Greek, Cyrillic...) and three bytes other than E0 and ED (CJK, most symbols). The
    // general check, with its per-lead bounds, ran at 31% of the UTF-8 workload's profile.
    if (lead >= 0xC2 && lead <= 0xDF) {
      if (i + 1 < n && (p[i + 1] & 0xC0) == 0x80) {
        i += 2;
        continue;
      }
    } else if (lead >= 0xE1 && lead <= 0xEF && lead != 0xED) {
      if (i + 2 < n && (p[i + 1] & 0xC0) == 0x80 && (p[i + 2] & 0xC0) == 0x80) {
        i += 3;
        continue;
      }
    }
    size_t bad;
    size_t len = ValidSequence(p + i, n - i, &bad);
    if (len == 0) return i;
    i += len;
  }
  return n;
}

size_t InvalidSequenceLength(std::string_view in) {
  size_t bad = 1;
  ValidSequence(reinterpret_cast<const unsigned char*>(in.data()), in.size(), &bad);
  return bad;
}

bool IsAscii(std::string_view in) {
  return AsciiPrefix(reinterpret_cast<const unsigned char*>(in.data()), in.size()) == in.size();
}

size_t Utf8ToUtf16(std::string_view text, uint16_t* out) {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const size_t n = text.size();
  uint16_t* const start = out;
  size_t i = 0;
  while (i < n) {
    unsigned char lead = p[i];
    if (lead < 0x80) {
      // JSON keeps ASCII between the non-ASCII runs: eight bytes at a time where it is.
      while (i + 8 <= n) {
        uint64_t word;
        std::memcpy(&word, p + i, 8);
        if (word & kHighBits) break;
        for (int k = 0; k < 8; ++k) out[k] = static_cast<uint16_t>((word >> (8 * k)) & 0xFF);
        out += 8;
        i += 8;
      }
      if (i < n && p[i] < 0x80) *out++ = p[i++];
    } else if (lead < 0xE0) {
      *out++ = static_cast<uint16_t>(((lead & 0x1F) << 6) | (p[i + 1] & 0x3F));
      i += 2;
    } else if (lead < 0xF0) {
      *out++ = static_cast<uint16_t>(((lead & 0x0F) << 12) | ((p[i + 1] & 0x3F) << 6) | (p[i + 2] & 0x3F));
      i += 3;
    } else {
      uint32_t cp =
          ((lead & 0x07u) << 18) | ((p[i + 1] & 0x3Fu) << 12) | ((p[i + 2] & 0x3Fu) << 6) | (p[i + 3] & 0x3Fu);
      cp -= 0x10000;
      *out++ = static_cast<uint16_t>(0xD800 | (cp >> 10));
      *out++ = static_cast<uint16_t>(0xDC00 | (cp & 0x3FF));
      i += 4;
    }
  }
  return static_cast<size_t>(out - start);
}

}  // namespace sse
