// libFuzzer target: the stream parser gives the same result however the input is split, keeps its
// outputs valid UTF-8 without line terminators, buffers no more than its limits, and treats a
// leading BOM as absent.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "stream_parser.h"
#include "utf8.h"

namespace {

struct Recorder : sse::ParserSink {
  void OnLastEventId(std::string_view id) override { log += "id:" + std::string(id) + '\0'; Check(id, true); }
  void OnEvent(std::string_view type, std::string_view data) override {
    log += "ev:" + std::string(type) + '\0' + std::string(data) + '\0';
    Check(type, true);
    Check(data, false);
  }
  void OnRetry(uint32_t ms) override {
    log += "retry:" + std::to_string(ms) + '\0';
    if (ms > sse::StreamParser::kMaxReconnectionTime) std::abort();
  }
  static void Check(std::string_view s, bool single_line) {
    std::string redecoded;
    sse::AppendDecodedUtf8(redecoded, s);
    if (redecoded != s) std::abort();  // outputs are valid UTF-8 already
    if (s.find('\r') != std::string_view::npos) std::abort();
    if (single_line && s.find('\n') != std::string_view::npos) std::abort();
  }
  std::string log;
};

std::string Parse(const std::vector<std::string>& chunks, sse::ParserLimits limits) {
  Recorder recorder;
  sse::StreamParser parser(limits, &recorder);
  sse::ParseStatus status = sse::ParseStatus::kOk;
  for (const std::string& c : chunks) {
    status = parser.Feed(reinterpret_cast<const uint8_t*>(c.data()), c.size());
    // Memory never grows past the limits, whatever the input.
    if (parser.buffered_data_bytes() > limits.max_event_size) std::abort();
    if (parser.buffered_line_bytes() > limits.max_line_length) std::abort();
  }
  return recorder.log + "status:" + sse::ParseStatusName(status);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  // The first two bytes pick limits (small ones make the limit paths reachable) and a split seed.
  sse::ParserLimits limits;
  if (data[0] & 1) limits.max_line_length = 1 + data[0] % 64;
  if (data[0] & 2) limits.max_event_size = 1 + data[1] % 128;
  uint32_t seed = data[1];
  std::string input(reinterpret_cast<const char*>(data + 2), size - 2);

  const std::string whole = Parse({input}, limits);

  std::vector<std::string> split;
  for (size_t pos = 0; pos < input.size();) {
    seed = seed * 1103515245u + 12345u;
    size_t len = (seed >> 16) % 7;  // zero-length chunks included
    len = std::min(len, input.size() - pos);
    split.push_back(input.substr(pos, len));
    pos += len;
  }
  if (Parse(split, limits) != whole) std::abort();

  if (input.size() <= 512) {
    std::vector<std::string> bytes;
    for (char c : input) bytes.emplace_back(1, c);
    if (Parse(bytes, limits) != whole) std::abort();
  }

  if (input.rfind("\xEF\xBB\xBF", 0) != 0 && Parse({"\xEF\xBB\xBF" + input}, limits) != whole) std::abort();
  return 0;
}
