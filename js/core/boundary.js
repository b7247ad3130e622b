// Generated from cpp/src/boundary.def by cpp/wasm/boundary_to_js.mjs (build.sh runs it): do not edit.
// The numbers the C++ core and js/ agree on; what each means is said there.

// Constants and defaults.
export const RECORD_WORDS = 5; // words per record: kind, a, b, c, d
export const MESSAGE_TYPE = 0xffffffff; // kDispatch's type offset for `message`: no text to copy or decode
export const NO_RETRY_AFTER = 0xffffffff; // OnResponse's retry_after_ms when the response had no usable Retry-After
export const DEFAULT_MAX_LINE_LENGTH = 8388608; // 8 MiB: one line, its terminator excluded (UTF-8 bytes)
export const DEFAULT_MAX_EVENT_SIZE = 16777216; // 16 MiB: the data buffer of one event (UTF-8 bytes)
export const DEFAULT_RECONNECTION_TIME = 3000; // ms, the standard's: until a stream sends `retry`
export const LEGACY_RECONNECTION_TIME = 5000; // ms, 2006: reopen a closed legacy stream "after a short interval (such as 5 seconds)"
export const DEFAULT_MAX_DELAY = 30000; // ms, the retry policy's backoff ceiling

// ActionKind: the first word of each record.
export const START_REQUEST = 1; // fetch the URL; text [a, a + b) is the Last-Event-ID value ("" = omit it)
export const ABORT_REQUEST = 2; // cancel the request in flight
export const ANNOUNCE = 3; // readyState = OPEN, fire `open`
export const FIRE_ERROR = 4; // readyState = a, fire `error`; b = ErrorReason, c = HTTP status (or 0)
export const SCHEDULE_RECONNECT = 5; // call OnTimerFired() after a + (a random share of b) ms; b: the backoff's jitter range; c: reconnections in a row (1 for the first); the kFireError that announces it follows
export const CANCEL_RECONNECT = 6; // forget the scheduled reconnect
export const SET_LAST_EVENT_ID = 7; // the last event ID string is now text [a, a + b)
export const DISPATCH = 8; // fire a MessageEvent: type = text [a, a + b) (a = kMessageType: `message`), data = text [c, c + d)
export const DISPATCH_OPTIONS = 9; // legacy: the next kDispatch goes to Target text [a, a + b); c = dispatch flags
export const WATCHDOG = 10; // call OnWatchdog() after a ms, replacing any earlier one; a = 0: cancel it

// Bits of DISPATCH_OPTIONS' c.
export const BUBBLES_FLAG = 1;
export const CANCELABLE_FLAG = 2;

// BatchView: word offsets from WasmWorkspace.view().
export const VIEW_WORDS = 0; // address of the first record
export const VIEW_COUNT = 1; // number of records
export const VIEW_TEXT = 2; // address of the text arena
export const VIEW_TEXT_UNITS = 3; // its length in UTF-16 code units (record offsets count these)
export const VIEW_TEXT_WIDE = 4; // 1: the arena holds UTF-16LE units, 2 bytes each; 0: Latin-1 bytes
export const VIEW_INPUT = 5; // address where the caller copies the next chunk
export const VIEW_INPUT_CAPACITY = 6; // bytes available there; WasmWorkspace.reserveInput() grows it

// SessionOptions: word offsets of what `new WasmEventSource(workspace)` reads from the input buffer.
export const OPTION_MAX_LINE_LENGTH = 0; // ParserLimits::max_line_length
export const OPTION_MAX_EVENT_SIZE = 1; // ParserLimits::max_event_size
export const OPTION_RECONNECTION_TIME = 2; // ms, until a `retry` field sets it
export const OPTION_FLAGS = 3; // core flags, below
export const OPTION_MAX_DELAY = 4; // ms, RetryPolicy::max_delay_ms
export const OPTION_MAX_ATTEMPTS = 5; // RetryPolicy::max_attempts (0: no limit)
export const OPTION_INACTIVITY_TIMEOUT = 6; // ms, RetryPolicy::inactivity_timeout_ms (0: off)
export const SESSION_OPTION_WORDS = 7;

/** Bits of SessionOptions' flags. */
export const CoreFlags = Object.freeze({
  LEGACY_ELEMENT_PROFILE: 1, // Profile::kLegacyElement: the 2006 status rules (<event-source>, addEventSource)
  READ_LEGACY_STREAMS: 2, // MachineOptions::read_legacy_streams: read application/x-dom-event-stream
  STRICT_LINE_FEEDS: 4, // LegacyOptions::strict_line_feeds
  REQUIRE_EVENT_FIELD: 8, // LegacyOptions::require_event_field
  BACKOFF: 16, // RetryPolicy::backoff: the retry policy's exponential backoff
});

/** The `code` of an `error` event, indexed by ErrorReason. */
export const ERROR_CODES = Object.freeze([
  'reconnecting',
  'bad-status',
  'bad-content-type',
  'line-too-long',
  'event-too-large',
  'cors-refused',
  'invalid-request',
  'retries-exhausted',
  'stream-ended',
]);
