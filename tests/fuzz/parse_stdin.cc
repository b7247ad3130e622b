// The native half of the differential test (tests/js/fuzz-differential.test.js): streams on stdin
// through EventSourceMachine, what it dispatches printed as JSON lines, to compare with the Wasm core.
//
// Usage: parse_stdin           stdin is one text/event-stream body: one line per event
//                              ({"type","data","lastEventId"}), then {"errors","reconnectionTime","reconnectDelay"}
//        parse_stdin --batch   stdin is records (below): one line per record, {"events", "errors",
//                              "reconnectionTime", "reconnectDelay"}
// A record, little-endian 32-bit words: flags (the core flags of cpp/src/boundary.def that apply:
// kStrictLineFeeds, kRequireEventField, kLegacyElementProfile; and kLegacyStream, below),
// max_line_length, max_event_size, chunk count, then each chunk: length, bytes.
// Each stream runs as a connection does: Start, a 200 of its content type, the chunks, the end of body.
#include <cstdint>
#include <cstdio>
#include <iostream>
#include <iterator>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "event_source_machine.h"
#include "legacy_interpreter.h"
#include "standard_interpreter.h"
#include "stream_parser.h"

namespace {

// A record flag beside the core's: the stream is application/x-dom-event-stream, not text/event-stream.
constexpr uint32_t kLegacyStream = 1u << 30;

struct Record {
  uint32_t flags = 0;
  sse::ParserLimits limits;
  std::vector<std::string> chunks;
};

// A JSON string of batch text [offset, offset + length) in UTF-16 units, every non-ASCII unit as \uXXXX
// (JSON.parse rebuilds the same JS string, surrogate pairs included).
void AppendText(std::string& out, const sse::ActionBatch& batch, uint32_t offset, uint32_t length) {
  out += '"';
  for (uint32_t i = offset; i < offset + length; ++i) {
    const uint16_t unit = batch.text_is_wide() ? static_cast<const uint16_t*>(batch.text_data())[i]
                                               : static_cast<const uint8_t*>(batch.text_data())[i];
    if (unit == '"' || unit == '\\') {
      out += '\\';
      out += static_cast<char>(unit);
    } else if (unit >= 0x20 && unit < 0x7F) {
      out += static_cast<char>(unit);
    } else {
      char escape[8];
      std::snprintf(escape, sizeof escape, "\\u%04x", unit);
      out += escape;
    }
  }
  out += '"';
}

// What one stream gave, each part as JSON text.
struct Result {
  std::vector<std::string> events;
  std::string errors;  // the codes of the `error` events, comma-separated JSON strings
  std::string last_event_id = "\"\"";
  std::string options;  // the pending legacy dispatch options, as JSON members
  long reconnect_delay = -1;
};

void Collect(const sse::ActionBatch& b, Result& r) {
  for (size_t i = 0; i < b.size(); ++i) {
    switch (b.kind(i)) {
      case sse::ActionKind::kSetLastEventId:
        r.last_event_id.clear();
        AppendText(r.last_event_id, b, b.arg(i, 0), b.arg(i, 1));
        break;
      case sse::ActionKind::kDispatchOptions:
        r.options = ",\"target\":";
        AppendText(r.options, b, b.arg(i, 0), b.arg(i, 1));
        r.options += std::string(",\"bubbles\":") + ((b.arg(i, 2) & sse::kBubblesFlag) ? "true" : "false") +
                     ",\"cancelable\":" + ((b.arg(i, 2) & sse::kCancelableFlag) ? "true" : "false");
        break;
      case sse::ActionKind::kDispatch: {
        std::string e = "{\"type\":";
        if (b.arg(i, 0) == sse::kMessageType)
          e += "\"message\"";
        else
          AppendText(e, b, b.arg(i, 0), b.arg(i, 1));
        e += ",\"data\":";
        AppendText(e, b, b.arg(i, 2), b.arg(i, 3));
        e += ",\"lastEventId\":" + r.last_event_id + r.options + "}";
        r.options.clear();
        r.events.push_back(std::move(e));
        break;
      }
      case sse::ActionKind::kFireError:
        if (!r.errors.empty()) r.errors += ',';
        r.errors += std::string("\"") + sse::ErrorReasonCode(static_cast<sse::ErrorReason>(b.arg(i, 1))) + '"';
        break;
      case sse::ActionKind::kScheduleReconnect:
        r.reconnect_delay = b.arg(i, 0);
        break;
      default:
        break;
    }
  }
}

std::string Summary(const Result& r, const sse::EventSourceMachine& m) {
  return "\"errors\":[" + r.errors + "],\"reconnectionTime\":" + std::to_string(m.reconnection_time()) +
         ",\"reconnectDelay\":" + (r.reconnect_delay < 0 ? "null" : std::to_string(r.reconnect_delay));
}

// Runs the record's stream; prints one line per event and a summary, or (batch) one line in all.
void Run(const Record& record, bool batch) {
  sse::MachineOptions options;
  options.limits = record.limits;
  options.profile =
      (record.flags & sse::kLegacyElementProfile) ? sse::Profile::kLegacyElement : sse::Profile::kEventSource;
  options.legacy.strict_line_feeds = (record.flags & sse::kStrictLineFeeds) != 0;
  options.legacy.require_event_field = (record.flags & sse::kRequireEventField) != 0;
  // As cpp/wasm/bindings.cc's MakeOptions: the legacy element's one reconnection time is both dialects'.
  if (options.profile == sse::Profile::kLegacyElement)
    options.legacy_reconnection_time_ms = options.reconnection_time_ms;
  sse::EventSourceMachine m(options);
  Result r;
  m.Start();
  Collect(m.actions(), r);
  m.OnResponse(200, (record.flags & kLegacyStream) ? "application/x-dom-event-stream" : "text/event-stream");
  Collect(m.actions(), r);
  for (const std::string& chunk : record.chunks) {
    m.OnBodyChunk(reinterpret_cast<const uint8_t*>(chunk.data()), chunk.size());
    Collect(m.actions(), r);
  }
  m.OnBodyEnd();
  Collect(m.actions(), r);
  std::string out;
  if (batch) {
    out = "{\"events\":[";
    for (size_t i = 0; i < r.events.size(); ++i) out += (i ? "," : "") + r.events[i];
    out += "]," + Summary(r, m) + "}\n";
  } else {
    for (const std::string& e : r.events) out += e + '\n';
    out += "{" + Summary(r, m) + "}\n";
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
}

bool ReadWord(std::istream& in, uint32_t& word) {
  unsigned char b[4];
  if (!in.read(reinterpret_cast<char*>(b), 4)) return false;
  word = b[0] | (b[1] << 8) | (b[2] << 16) | (static_cast<uint32_t>(b[3]) << 24);
  return true;
}

bool ReadRecord(std::istream& in, Record& record) {
  uint32_t line = 0;
  uint32_t event = 0;
  uint32_t count = 0;
  if (!ReadWord(in, record.flags) || !ReadWord(in, line) || !ReadWord(in, event) || !ReadWord(in, count)) return false;
  record.limits.max_line_length = line;
  record.limits.max_event_size = event;
  record.chunks.assign(count, std::string());
  for (std::string& chunk : record.chunks) {
    uint32_t length = 0;
    if (!ReadWord(in, length)) return false;
    chunk.resize(length);
    if (length != 0 && !in.read(chunk.data(), length)) return false;
  }
  return true;
}

}  // namespace

// The latent use-after-free: a machine's parser reports to the machine itself, so a copied or moved
// machine would leave its copy's parser calling the original. Deleted copy and move, checked here.
// The same holds of the parser and its interpreters, whose sink is often their owner.
template <typename T>
constexpr bool kPinned = !std::is_copy_constructible_v<T> && !std::is_copy_assignable_v<T> &&
                         !std::is_move_constructible_v<T> && !std::is_move_assignable_v<T>;
static_assert(kPinned<sse::EventSourceMachine>, "EventSourceMachine must be neither copied nor moved");
static_assert(kPinned<sse::StreamParser>, "StreamParser must be neither copied nor moved");
static_assert(kPinned<sse::StandardInterpreter>, "StandardInterpreter must be neither copied nor moved");
static_assert(kPinned<sse::LegacyInterpreter>, "LegacyInterpreter must be neither copied nor moved");

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  const bool batch = argc > 1 && std::string_view(argv[1]) == "--batch";
  if (argc > 2 || (argc == 2 && !batch)) {
    std::fprintf(stderr, "usage: parse_stdin [--batch] < input\n");
    return 2;
  }
  if (!batch) {
    Record record;
    record.chunks.emplace_back(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
    Run(record, false);
    return 0;
  }
  Record record;
  while (std::cin.peek() != std::char_traits<char>::eof()) {
    if (!ReadRecord(std::cin, record)) {
      std::fprintf(stderr, "parse_stdin: a truncated record\n");
      return 1;
    }
    Run(record, true);
  }
  return 0;
}
