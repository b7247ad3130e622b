// Helpers shared by the native tests: a recording parser sink and the chunkings every case runs under.
#ifndef SSE_TESTS_NATIVE_TEST_SUPPORT_H_
#define SSE_TESTS_NATIVE_TEST_SUPPORT_H_

#include <cstdint>
#include <optional>
#include <ostream>
#include <random>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "action_batch.h"
#include "stream_parser.h"

namespace sse::testing {

struct Event {
  Event(std::string type_, std::string data_, std::string last_event_id_, bool bubbles_ = false,
        bool cancelable_ = false, std::string target_ = "")
      : type(std::move(type_)),
        data(std::move(data_)),
        last_event_id(std::move(last_event_id_)),
        bubbles(bubbles_),
        cancelable(cancelable_),
        target(std::move(target_)) {}

  std::string type;
  std::string data;
  std::string last_event_id;
  // How a legacy event is dispatched at DOM nodes; standard events keep the defaults.
  bool bubbles;
  bool cancelable;
  std::string target;
  bool operator==(const Event& other) const {
    return type == other.type && data == other.data && last_event_id == other.last_event_id &&
           bubbles == other.bubbles && cancelable == other.cancelable && target == other.target;
  }
};

inline std::ostream& operator<<(std::ostream& os, const Event& e) {
  return os << "{type=\"" << e.type << "\" data=\"" << e.data << "\" lastEventId=\"" << e.last_event_id
            << "\" bubbles=" << e.bubbles << " cancelable=" << e.cancelable << " target=\"" << e.target << "\"}";
}

// Plays the event source: keeps the last event ID string and records dispatched events with it.
class RecordingSink : public ParserSink {
 public:
  void OnLastEventId(ByteBuffer& id) override {
    last_event_id.assign(id.view());
    ++last_event_id_reports;
  }
  void OnEvent(std::string_view type, std::string_view data, const EventOptions& options) override {
    events.push_back({std::string(type), std::string(data), last_event_id, options.bubbles, options.cancelable,
                      std::string(options.target)});
  }
  void OnRetry(uint32_t ms) override { retry = ms; }

  std::vector<Event> events;
  std::string last_event_id;
  int last_event_id_reports = 0;
  std::optional<uint32_t> retry;
};

struct ParseResult {
  std::vector<Event> events;
  std::string last_event_id;
  std::optional<uint32_t> retry;
  ParseStatus status = ParseStatus::kOk;
};

inline ParseResult ParseChunks(const std::vector<std::string>& chunks, ParserLimits limits = {},
                               Dialect dialect = Dialect::kStandard, LegacyOptions legacy = {}) {
  RecordingSink sink;
  StreamParser parser(limits, &sink, dialect, legacy);
  ParseStatus status = ParseStatus::kOk;
  for (const std::string& chunk : chunks) {
    status = parser.Feed(reinterpret_cast<const uint8_t*>(chunk.data()), chunk.size());
  }
  return {sink.events, sink.last_event_id, sink.retry, status};
}

// The UTF-8 bytes of the UTF-16 code units [offset, offset + length) of a batch's text arena (all of it
// by default), as JS slices the string it makes of the arena.
inline std::string ArenaText(const ActionBatch& batch, uint32_t offset = 0, uint32_t length = UINT32_MAX) {
  const uint32_t end = length > batch.text_units() - offset ? batch.text_units() : offset + length;
  std::string out;
  for (uint32_t i = offset; i < end; ++i) {
    uint32_t unit = batch.text_is_wide() ? static_cast<const uint16_t*>(batch.text_data())[i]
                                         : static_cast<const unsigned char*>(batch.text_data())[i];
    if (unit >= 0xD800 && unit < 0xDC00 && i + 1 < end) {  // a surrogate pair: one code point
      uint32_t low = static_cast<const uint16_t*>(batch.text_data())[++i];
      unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
    }
    if (unit < 0x80) {
      out += static_cast<char>(unit);
    } else if (unit < 0x800) {
      out += static_cast<char>(0xC0 | (unit >> 6));
      out += static_cast<char>(0x80 | (unit & 0x3F));
    } else if (unit < 0x10000) {
      out += static_cast<char>(0xE0 | (unit >> 12));
      out += static_cast<char>(0x80 | ((unit >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (unit & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (unit >> 18));
      out += static_cast<char>(0x80 | ((unit >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((unit >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (unit & 0x3F));
    }
  }
  return out;
}

inline std::vector<std::string> OneByteAtATime(const std::string& input) {
  std::vector<std::string> chunks;
  for (char c : input) chunks.emplace_back(1, c);
  return chunks;
}

// Splits at seeded random points, including empty chunks now and then.
inline std::vector<std::string> RandomSplits(const std::string& input, uint32_t seed) {
  std::mt19937 rng(seed);
  std::vector<std::string> chunks;
  size_t pos = 0;
  while (pos < input.size()) {
    size_t max_len = std::min<size_t>(input.size() - pos, 1 + rng() % 9);
    size_t len = rng() % 5 == 0 ? 0 : 1 + rng() % max_len;
    chunks.push_back(input.substr(pos, len));
    pos += len;
  }
  return chunks;
}

}  // namespace sse::testing

#endif  // SSE_TESTS_NATIVE_TEST_SUPPORT_H_
