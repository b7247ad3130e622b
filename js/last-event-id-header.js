// The `Last-Event-ID` request header value of a reconnection.

/**
 * [spec] "set (`Last-Event-ID`, last event ID string, encoded as UTF-8) in request's header list".
 * Header values are byte strings in fetch and XHR, one char per byte: this returns the UTF-8 bytes so.
 */
export function lastEventIdHeaderValue(lastEventId) {
  let bytes = '';
  for (const byte of new TextEncoder().encode(lastEventId)) bytes += String.fromCharCode(byte);
  return bytes;
}
