// The packed list of actions one input to the state machine produces, read by JS in one pass.
#ifndef SSE_ACTION_BATCH_H_
#define SSE_ACTION_BATCH_H_

#include <cstdint>
#include <string_view>

#include "byte_buffer.h"

namespace sse {

// What the caller must do, in order. Numbers are part of the Wasm boundary (js/core/core-session.js).
// Texts are (offset, length) in UTF-16 code units of the batch's text arena (see ActionBatch).
enum class ActionKind : uint32_t {
  kStartRequest = 1,       // fetch the URL; text [a, a + b) is the Last-Event-ID value ("" = omit)
  kAbortRequest = 2,       // cancel the request in flight
  kAnnounce = 3,           // readyState = OPEN, fire `open`
  kFireError = 4,          // readyState = a, fire `error`; b = ErrorReason, c = HTTP status (or 0)
  kScheduleReconnect = 5,  // call OnTimerFired() after a + (a random share of b) milliseconds: b is the
                           // retry policy's jitter range, 0 without backoff
  kCancelReconnect = 6,    // forget the scheduled reconnect
  kSetLastEventId = 7,     // the last event ID string is now text [a, a + b)
  kDispatch = 8,           // fire a MessageEvent: type = text [a, a + b) (a = kMessageType: `message`),
                           // data = text [c, c + d)
  kDispatchOptions = 9,    // legacy: the next kDispatch goes to Target text [a, a + b); c = flags below
  kWatchdog = 10,          // call OnWatchdog() after a milliseconds, replacing any earlier one; a = 0: cancel it
};

// kDispatch's type offset for the most common type, `message`: no text to copy, count or decode.
constexpr uint32_t kMessageType = 0xFFFFFFFF;

// Bits of kDispatchOptions' c.
constexpr uint32_t kBubblesFlag = 1;
constexpr uint32_t kCancelableFlag = 2;

// Why `error` fired. Numbers are part of the Wasm boundary.
enum class ErrorReason : uint32_t {
  kReconnecting = 0,      // network error or end of body: the connection is being reestablished
  kBadStatus = 1,         // failed: the status was not 200
  kBadContentType = 2,    // failed: the Content-Type was not text/event-stream
  kLineTooLong = 3,       // failed: ParserLimits::max_line_length exceeded
  kEventTooLarge = 4,     // failed: ParserLimits::max_event_size exceeded
  kCorsRefused = 5,       // failed: the server refused this origin (CORS), so retrying is futile
  kInvalidRequest = 6,    // failed: the request can never be made (its URL has credentials or a scheme fetch cannot request)
  kRetriesExhausted = 7,  // failed: RetryPolicy::max_attempts reconnections in a row never opened; c = the last status (or 0)
  kStreamEnded = 8,       // failed: the stream the source reads instead of a request (fromReadableStream) ended or errored
};

// A string's place in the text arena, in UTF-16 code units.
struct TextRef {
  uint32_t offset;
  uint32_t length;
};

// Fixed-size records of kRecordWords words plus one text arena for their strings, which JS turns into
// one string per batch and slices. The arena holds Latin-1 bytes while every text in it is ASCII (one
// byte per UTF-16 unit) and UTF-16 code units once any is not: JS makes a string from either at
// memory-copy speed, where decoding UTF-8 ran at ~0.3 GB/s in Node 20 (ucs2Slice of the same text in
// UTF-16: 30x faster). Addressing strings in UTF-16 units keeps offsets the same in both forms.
class ActionBatch {
 public:
  static constexpr size_t kRecordWords = 5;  // kind, a, b, c, d

  void Clear();
  void Add(ActionKind kind, uint32_t a = 0, uint32_t b = 0, uint32_t c = 0, uint32_t d = 0) {
    uint32_t* record = words_.Extend(kRecordWords);
    record[0] = static_cast<uint32_t>(kind);
    record[1] = a;
    record[2] = b;
    record[3] = c;
    record[4] = d;
  }
  // Appends valid UTF-8 `text`; `ascii` says it is all ASCII already (saves a scan).
  TextRef AddText(std::string_view text, bool ascii = false);
  // As AddText, but a text equal to the previous one added this way (since Clear) is not added again:
  // its first TextRef is returned, so JS makes one string for it. For event types, which repeat.
  TextRef AddRepeatedText(std::string_view text);

  size_t size() const { return words_.size() / kRecordWords; }
  ActionKind kind(size_t i) const { return static_cast<ActionKind>(words_[i * kRecordWords]); }
  uint32_t arg(size_t i, size_t n) const { return words_[i * kRecordWords + 1 + n]; }
  const uint32_t* words() const { return words_.data(); }

  // The arena: text_units() UTF-16 code units, stored as one byte each (Latin-1) unless text_is_wide().
  bool text_is_wide() const { return wide_; }
  uint32_t text_units() const { return units_; }
  const void* text_data() const {
    return wide_ ? static_cast<const void*>(wide_text_.data()) : static_cast<const void*>(narrow_text_.data());
  }
  size_t text_bytes() const { return wide_ ? wide_text_.size() * 2 : narrow_text_.size(); }

 private:
  void Widen();

  Buffer<uint32_t> words_;
  ByteBuffer narrow_text_;
  Buffer<uint16_t> wide_text_;
  bool wide_ = false;
  uint32_t units_ = 0;  // the arena's length in UTF-16 code units
  TextRef repeated_{0, 0};
  bool has_repeated_ = false;  // repeated_ refers to a narrow text added by AddRepeatedText
};

}  // namespace sse

#endif  // SSE_ACTION_BATCH_H_
