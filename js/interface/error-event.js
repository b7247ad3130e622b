// The `error` events an EventSource fires: a plain Event, as the standard says, with the extensions that
// tell why it fired (`code`, `status`, `message`, and where there is one `attempt` and `retryIn` (a
// reconnection's), `cause`, `statusText`, `headers`, `body`). Each `code` is an ErrorReason of cpp/src/boundary.def or one only JS reports (`core-unavailable`).

// Each error's message, from (status, options, details) as Connection reports them; options has the
// limits and maxAttempts. Modules that add an error add its message here (readable-stream-source.js).
export const ERROR_MESSAGES = {
  reconnecting: (status, _, details) => `${whatHappened(status, details)}; reconnecting.`,
  'bad-status': (status, _, { statusText }) => `${answered(status, statusText)}, not 200; not reconnecting.`,
  'bad-content-type': (_, __, { contentType }) =>
    `The response's Content-Type is ${contentType ? `"${contentType}"` : 'missing'}, not text/event-stream; not reconnecting.`,
  'line-too-long': (_, limits) => `A line passed maxLineLength (${limits.maxLineLength} bytes); not reconnecting.`,
  'event-too-large': (_, limits) => `An event passed maxEventSize (${limits.maxEventSize} bytes); not reconnecting.`,
  'cors-refused': () => 'The server did not allow this origin (CORS); not reconnecting.',
  'invalid-request': (_, __, { cause }) => `The request can never be made (${reason(cause)}); not reconnecting.`,
  'core-unavailable': (_, __, { cause }) =>
    `The WebAssembly core failed to load (${reason(cause)}); not connecting. ${coreAdvice(cause)}`,
};

// The retry policy's (an extension: not in the script tags, where retry.maxAttempts cannot be set).
EXTENSIONS: ERROR_MESSAGES['retries-exhausted'] = (status, { maxAttempts }, details) =>
  `${whatHappened(status, details)}, after ${maxAttempts} reconnection attempts in a row (retry.maxAttempts); not reconnecting.`;

function whatHappened(status, { cause, statusText }) {
  if (status !== undefined) return answered(status, statusText);
  return `The connection ${cause === undefined ? 'ended' : `failed (${reason(cause)})`}`;
}

function answered(status, statusText) {
  return `The server answered ${status}${statusText ? ` ${statusText}` : ''}`;
}

// What to do when the core cannot load: a Content-Security-Policy that refuses to compile WebAssembly
// (Chromium and WebKit name the policy, Firefox says "CSP") needs 'wasm-unsafe-eval'; otherwise the core
// can be handed in (README: Where the WebAssembly comes from).
function coreAdvice(cause) {
  return /Content.Security.Policy|\bCSP\b/i.test(String(cause?.message ?? cause))
    ? "Allow compiling WebAssembly: add 'wasm-unsafe-eval' to the page's script-src (a Manifest V3 extension: to content_security_policy.extension_pages in its manifest)."
    : 'Hand the core to initWasm() before the first EventSource: the URL of eventsource-wasm/sse-core.wasm as your server serves it, its bytes, or a WebAssembly.Module.';
}

/** An underlying error in a few words: its code (ECONNREFUSED...) and message. */
function reason(cause) {
  const message = String(cause?.message ?? cause).replace(/^eventsource-wasm: /, '');
  return cause?.code !== undefined && !message.includes(cause.code) ? `${cause.code}: ${message}` : message;
}

// The event for `code` (see the top of this file); `body` is up to 4 KiB of a failed response, as text.
export function errorEvent(code, status, options, details) {
  const event = new Event('error');
  const fields = { code, status, message: ERROR_MESSAGES[code](status, options, details) };
  for (const name of ['attempt', 'retryIn', 'cause', 'statusText', 'headers', 'body'])
    if (details[name] !== undefined) fields[name] = details[name];
  for (const [name, value] of Object.entries(fields)) Object.defineProperty(event, name, { value, enumerable: true });
  return event;
}
