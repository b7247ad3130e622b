// What a shared connection's holder (js/shared-worker.js, or the page js/sharing/shared-election.js elected)
// sends its sources about an `error`: the details a Connection reports, made fit for postMessage (a
// Headers cannot be cloned; an Error keeps its name, message and code), and back (js/sharing/shared-connection.js).

/** details as Connection reports them → a clone-safe object. */
export function sendableDetails(details) {
  const { headers, cause, ...rest } = details ?? {};
  const sent = { ...rest };
  if (headers !== undefined) sent.headers = [...headers];
  if (cause !== undefined) {
    sent.cause =
      cause instanceof Error ? Object.assign(new Error(cause.message), { name: cause.name, code: cause.code }) : cause;
  }
  return sent;
}

/** sendableDetails' result → details as Connection reports them. */
export function receivedDetails({ headers, ...rest }) {
  return headers === undefined ? rest : { ...rest, headers: new Headers(headers) };
}
