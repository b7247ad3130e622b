// The header list of an EventSource request: the caller's `headers` option, Accept, and Last-Event-ID.

/**
 * [spec] "set (`Last-Event-ID`, last event ID string, encoded as UTF-8) in request's header list".
 * Header values are byte strings in fetch and XHR, one char per byte: this returns the UTF-8 bytes so.
 */
export function lastEventIdHeaderValue(lastEventId) {
  let bytes = '';
  for (const byte of new TextEncoder().encode(lastEventId)) bytes += String.fromCharCode(byte);
  return bytes;
}

/**
 * The [name, value] pairs to send, in order: `Accept: <accept>` unless the caller set Accept, the
 * caller's headers (already validated, see request-options.js), then Last-Event-ID when
 * the last event ID string is not empty ([spec] reestablish, step 5), replacing a caller's header of
 * that name: the resumed ID wins. With an empty ID a caller's Last-Event-ID is sent as given (a
 * stream resumed from an ID the caller stored).
 */
export function requestHeaderList(headers, accept, lastEventId) {
  const resuming = lastEventId !== '';
  const list = headers.some(([name]) => name.toLowerCase() === 'accept') ? [] : [['Accept', accept]];
  for (const header of headers) if (!resuming || header[0].toLowerCase() !== 'last-event-id') list.push(header);
  if (resuming) list.push(['Last-Event-ID', lastEventIdHeaderValue(lastEventId)]);
  return list;
}
