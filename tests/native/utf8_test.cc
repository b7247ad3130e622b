// UTF-8 decoding with U+FFFD replacement, against the WHATWG Encoding Standard's decoder.
#include "utf8.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace sse {
namespace {

std::string Decode(const std::string& in) {
  std::string out;
  AppendDecodedUtf8(out, in);
  return out;
}

const std::string kFffd = "\xEF\xBF\xBD";

TEST(Utf8, AsciiPassesThroughUnchanged) { EXPECT_EQ(Decode("hello, world 0123456789"), "hello, world 0123456789"); }

TEST(Utf8, ValidMultiByteSequencesPassThroughUnchanged) {
  const std::string text = "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80 \xEF\xBB\xBF";
  EXPECT_EQ(Decode(text), text);
}

TEST(Utf8, AppendsToWhatIsAlreadyThere) {
  std::string out = "a";
  AppendDecodedUtf8(out, "b\xFF");
  EXPECT_EQ(out, "ab" + kFffd);
}

TEST(Utf8, EachLoneContinuationByteIsOneReplacement) { EXPECT_EQ(Decode("\x80\xBF"), kFffd + kFffd); }

TEST(Utf8, BytesThatNeverStartASequenceAreReplaced) {
  EXPECT_EQ(Decode("\xC0\xC1\xF5\xFF"), kFffd + kFffd + kFffd + kFffd);
}

TEST(Utf8, TruncatedSequenceIsOneReplacementAndTheNextByteIsKept) {
  EXPECT_EQ(Decode("\xE2\x82"
                   "a"),
            kFffd + "a");
  EXPECT_EQ(Decode("\xF0\x9F\x98"), kFffd);
}

TEST(Utf8, OverlongFormsAreReplacedBytePerByte) {
  // E0 needs A0..BF next: 80 is not in range, so E0 alone is one U+FFFD and 80 another.
  EXPECT_EQ(Decode("\xE0\x80\x80"), kFffd + kFffd + kFffd);
  EXPECT_EQ(Decode("\xF0\x80\x80\x80"), kFffd + kFffd + kFffd + kFffd);
}

TEST(Utf8, SurrogatesAreReplaced) { EXPECT_EQ(Decode("\xED\xA0\x80"), kFffd + kFffd + kFffd); }

TEST(Utf8, CodePointsAboveU10FFFFAreReplaced) { EXPECT_EQ(Decode("\xF4\x90\x80\x80"), kFffd + kFffd + kFffd + kFffd); }

TEST(Utf8, LargestCodePointIsValid) { EXPECT_EQ(Decode("\xF4\x8F\xBF\xBF"), "\xF4\x8F\xBF\xBF"); }

TEST(Utf8, InvalidBytesBetweenLongAsciiRunsAreFound) {
  std::string in = std::string(20, 'x') + "\xFF" + std::string(20, 'y');
  EXPECT_EQ(Decode(in), std::string(20, 'x') + kFffd + std::string(20, 'y'));
}

TEST(Utf8, StopsBeforeGrowingPastTheMaximumSize) {
  std::string out = "ab";
  EXPECT_TRUE(AppendDecodedUtf8(out, "cd", 4));
  EXPECT_EQ(out, "abcd");
  EXPECT_FALSE(AppendDecodedUtf8(out, "e", 4));
  EXPECT_EQ(out.size(), 4u);
  std::string expanding;
  EXPECT_FALSE(AppendDecodedUtf8(expanding, "x\xFF", 3));  // 1 + 3 bytes decoded
  EXPECT_LE(expanding.size(), 3u);
  std::string exact;
  EXPECT_TRUE(AppendDecodedUtf8(exact, "x\xFF", 4));
  EXPECT_EQ(exact, "x" + kFffd);
}

// The UTF-16 code units Utf8ToUtf16 writes for valid UTF-8 `text`.
std::vector<uint16_t> Utf16(std::string_view text) {
  std::vector<uint16_t> units(text.size());
  units.resize(Utf8ToUtf16(text, units.data()));
  return units;
}

TEST(Utf8ToUtf16, WritesOneUnitPerCodePointAndTwoAboveUffff) {
  EXPECT_EQ(Utf16("").size(), 0u);
  EXPECT_EQ(Utf16("plain ascii text, long enough for the word loop").size(), 47u);
  EXPECT_EQ(Utf16("caf\xC3\xA9").size(), 4u);
  EXPECT_EQ(Utf16("\xE2\x82\xAC\xEF\xBF\xBD").size(), 2u);
  EXPECT_EQ(Utf16("a\xF0\x9F\x98\x80"
                  "b")
                .size(),
            4u);
  EXPECT_EQ(Utf16(std::string(20, 'x') + "\xF4\x8F\xBF\xBF").size(), 22u);
  EXPECT_EQ(Utf16("a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80"), (std::vector<uint16_t>{'a', 0xE9, 0x20AC, 0xD83D, 0xDE00}));
}

TEST(Utf8ToUtf16, TranscodesSequencesStraddlingEightByteWordsAtEveryAlignment) {
  const std::string mixed =
      "\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80"
      "a";  // 1 + 1 + 2 + 1 units
  for (size_t pad = 0; pad < 8; ++pad) {
    std::string text = std::string(pad, '.');
    for (int i = 0; i < 5; ++i) text += mixed;
    std::vector<uint16_t> units = Utf16(text);
    EXPECT_EQ(units.size(), pad + 25) << pad;
    EXPECT_EQ(units[pad], 0xE9) << pad;
    EXPECT_EQ(units.back(), 'a') << pad;
  }
}

}  // namespace
}  // namespace sse
