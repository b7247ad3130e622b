// libFuzzer target: in both dialects, the stream parser gives the same result however the input is
// split, keeps its outputs valid UTF-8 without stray line terminators, buffers no more than its
// limits, and treats a leading BOM as absent. Seeds and dictionary: tests/fuzz/make-seeds.mjs,
// tests/fuzz/stream_parser_fuzz.dict.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "stream_parser.h"
#include "utf8.h"

namespace {

struct Recorder : sse::ParserSink {
  explicit Recorder(bool legacy, bool cr_is_data) : legacy_(legacy), cr_is_data_(cr_is_data) {}
  void OnLastEventId(sse::ByteBuffer& buffer) override {
    if (legacy_) std::abort();  // the legacy dialect has no id
    std::string_view id = buffer.view();
    log += "id:" + std::string(id) + '\0';
    Check(id, true);
    // A sink may take the buffer's memory (EventSourceMachine does for long ids): take it for every
    // other id, so the parser is fuzzed both with its buffer kept and with it moved from.
    if ((++ids_ & 1) != 0) sse::ByteBuffer taken = std::move(buffer);
  }
  void OnEvent(std::string_view type, std::string_view data, const sse::EventOptions& options) override {
    log += "ev:" + std::string(type) + '\0' + std::string(data) + '\0' + std::string(options.target) + '\0' +
           (options.bubbles ? 'b' : '-') + (options.cancelable ? 'c' : '-');
    Check(type, !legacy_);  // legacy fields repeated in a block join with LF, Event too
    Check(data, false);
    Check(options.target, !legacy_);
    if (!legacy_ && (options.bubbles || options.cancelable || !options.target.empty())) std::abort();
  }
  void OnRetry(uint32_t ms) override {
    log += "retry:" + std::to_string(ms) + '\0';
    if (ms > sse::StreamParser::kMaxReconnectionTime) std::abort();
  }
  void Check(std::string_view s, bool single_line) const {
    std::string redecoded;
    sse::AppendDecodedUtf8(redecoded, s);
    if (redecoded != s) std::abort();  // outputs are valid UTF-8 already
    if (!cr_is_data_ && s.find('\r') != std::string_view::npos) std::abort();
    if (single_line && s.find('\n') != std::string_view::npos) std::abort();
  }
  std::string log;
  const bool legacy_;
  const bool cr_is_data_;
  unsigned ids_ = 0;
};

struct Setup {
  sse::ParserLimits limits;
  sse::Dialect dialect = sse::Dialect::kStandard;
  sse::LegacyOptions legacy;
};

std::string Parse(const std::vector<std::string>& chunks, const Setup& setup) {
  const sse::ParserLimits& limits = setup.limits;
  const bool legacy = setup.dialect == sse::Dialect::kLegacy;
  Recorder recorder(legacy, legacy && setup.legacy.strict_line_feeds);
  sse::StreamParser parser(limits, &recorder, setup.dialect, setup.legacy);
  sse::ParseStatus status = sse::ParseStatus::kOk;
  for (const std::string& c : chunks) {
    status = parser.Feed(reinterpret_cast<const uint8_t*>(c.data()), c.size());
    // Memory never grows past the limits, whatever the input.
    if (parser.buffered_event_bytes() > limits.max_event_size) std::abort();
    if (parser.buffered_line_bytes() > limits.max_line_length) std::abort();
  }
  return recorder.log + "status:" + sse::ParseStatusName(status);
}

// The configuration prefix: kConfigBytes bytes before the stream (tests/fuzz/make-seeds.mjs writes it
// on every seed, so seeds run as their dialect and lose no bytes of their stream).
//   [0] flags: 1 line limit, 2 event limit, 4 legacy dialect, 8 strict line feeds, 16 require Event
//   [1] max_line_length - 1 (with flag 1); [2] max_event_size - 1 (with flag 2); [3] the split seed
// Small limits (1 to 256 bytes) make the limit paths reachable; without the flag the default holds.
constexpr size_t kConfigBytes = 4;
constexpr uint8_t kLineLimitFlag = 1;
constexpr uint8_t kEventLimitFlag = 2;
constexpr uint8_t kLegacyFlag = 4;
constexpr uint8_t kStrictLineFeedsFlag = 8;
constexpr uint8_t kRequireEventFlag = 16;

Setup ReadSetup(const uint8_t* config) {
  Setup setup;
  if (config[0] & kLineLimitFlag) setup.limits.max_line_length = 1 + config[1];
  if (config[0] & kEventLimitFlag) setup.limits.max_event_size = 1 + config[2];
  if (config[0] & kLegacyFlag) setup.dialect = sse::Dialect::kLegacy;
  setup.legacy.strict_line_feeds = (config[0] & kStrictLineFeedsFlag) != 0;
  setup.legacy.require_event_field = (config[0] & kRequireEventFlag) != 0;
  return setup;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < kConfigBytes) return 0;
  const Setup setup = ReadSetup(data);
  uint32_t seed = data[3];
  std::string input(reinterpret_cast<const char*>(data + kConfigBytes), size - kConfigBytes);

  const std::string whole = Parse({input}, setup);

  std::vector<std::string> split;
  for (size_t pos = 0; pos < input.size();) {
    seed = seed * 1103515245u + 12345u;
    size_t len = (seed >> 16) % 7;  // zero-length chunks included
    len = std::min(len, input.size() - pos);
    split.push_back(input.substr(pos, len));
    pos += len;
  }
  if (Parse(split, setup) != whole) std::abort();

  if (input.size() <= 512) {
    std::vector<std::string> bytes;
    for (char c : input) bytes.emplace_back(1, c);
    if (Parse(bytes, setup) != whole) std::abort();
  }

  if (input.rfind("\xEF\xBB\xBF", 0) != 0 && Parse({"\xEF\xBB\xBF" + input}, setup) != whole) std::abort();
  return 0;
}
