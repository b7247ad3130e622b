// Runs every case of the shared fixture corpus (stream-cases.json, and legacy-stream-cases.json in the
// legacy dialect) whole, byte by byte, at seeded random split points and at its explicit chunking, and
// checks the events, last event ID, retry and error.
#include <gtest/gtest.h>

#include <cctype>
#include <string>
#include <vector>

#include "event_source_machine.h"
#include "stream_parser.h"
#include "test_support.h"

namespace sse::testing {
namespace {

struct StreamCase {
  std::string name;
  bool legacy;  // legacy-stream-cases.json: the legacy dialect with the options below
  bool strict_line_feeds;
  bool require_event_field;
  std::string input;
  std::vector<std::string> chunks;
  std::vector<Event> events;
  bool has_last_event_id;
  std::string last_event_id;
  bool has_retry;
  uint32_t retry;
  uint32_t max_line_length;  // 0: default
  uint32_t max_event_size;   // 0: default
  std::string error;         // "": none
};

const StreamCase kStreamCases[] = {
#include "stream_cases.inc"
};

enum class Split { kWhole, kOneByte, kRandom1, kRandom2, kRandom3, kExplicit };

struct Param {
  size_t case_index;
  Split split;
};

std::vector<Param> AllParams() {
  std::vector<Param> params;
  for (size_t i = 0; i < std::size(kStreamCases); ++i) {
    for (Split s : {Split::kWhole, Split::kOneByte, Split::kRandom1, Split::kRandom2, Split::kRandom3}) {
      params.push_back({i, s});
    }
    if (!kStreamCases[i].chunks.empty()) params.push_back({i, Split::kExplicit});
  }
  return params;
}

std::string ParamName(const ::testing::TestParamInfo<Param>& info) {
  static const char* const kSplitNames[] = {"whole", "bytes", "random1", "random2", "random3", "explicit"};
  const bool legacy = kStreamCases[info.param.case_index].legacy;
  std::string name = (legacy ? "legacy" : "case") + std::to_string(info.param.case_index) + "_";
  for (char c : kStreamCases[info.param.case_index].name) {
    if (name.size() > 60) break;
    name += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  }
  return name + "_" + kSplitNames[static_cast<int>(info.param.split)];
}

std::vector<std::string> Chunk(const StreamCase& c, Split split) {
  switch (split) {
    case Split::kWhole:
      return {c.input};
    case Split::kOneByte:
      return OneByteAtATime(c.input);
    case Split::kRandom1:
      return RandomSplits(c.input, 1);
    case Split::kRandom2:
      return RandomSplits(c.input, 2);
    case Split::kRandom3:
      return RandomSplits(c.input, 3);
    case Split::kExplicit:
      return c.chunks;
  }
  return {};
}

class StreamCaseTest : public ::testing::TestWithParam<Param> {};

TEST_P(StreamCaseTest, DispatchesWhatTheStandardSays) {
  const StreamCase& c = kStreamCases[GetParam().case_index];
  SCOPED_TRACE(c.name);
  ParserLimits limits;
  if (c.max_line_length) limits.max_line_length = c.max_line_length;
  if (c.max_event_size) limits.max_event_size = c.max_event_size;

  LegacyOptions legacy;
  legacy.strict_line_feeds = c.strict_line_feeds;
  legacy.require_event_field = c.require_event_field;
  ParseResult result =
      ParseChunks(Chunk(c, GetParam().split), limits, c.legacy ? Dialect::kLegacy : Dialect::kStandard, legacy);

  EXPECT_EQ(result.events, c.events);
  EXPECT_STREQ(ParseStatusName(result.status), c.error.empty() ? "ok" : c.error.c_str());
  if (c.has_last_event_id) EXPECT_EQ(result.last_event_id, c.last_event_id);
  // The reconnection time after the stream: set by `retry`, else the default of the dialect (a legacy
  // stream has no retry and is reopened after kLegacyReconnectionTime).
  if (c.has_retry)
    EXPECT_EQ(result.retry.value_or(c.legacy ? kLegacyReconnectionTime : kDefaultReconnectionTime), c.retry);
}

INSTANTIATE_TEST_SUITE_P(Corpus, StreamCaseTest, ::testing::ValuesIn(AllParams()), ParamName);

TEST(StreamCorpus, HasCasesForEveryRuleFamily) {
  // Guards against an empty or truncated corpus silently passing.
  EXPECT_GE(std::size(kStreamCases), 40u);
}

}  // namespace
}  // namespace sse::testing
