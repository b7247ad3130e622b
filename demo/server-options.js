// The demo server's settings from the environment, for `npm start` and for tests that run the server
// in a process of its own. Each is a whole number; anything else stops the server with a clear error.

const SETTINGS = {
  PORT: 'port', // 0: any free port (the server prints the one it got)
  DEMO_MAX_STREAMS: 'maxStreams',
  DEMO_MAX_STREAMS_PER_CLIENT: 'maxStreamsPerClient',
  DEMO_MAX_BUFFERED_BYTES: 'maxBufferedBytes',
  DEMO_DRAIN_TIMEOUT_MS: 'drainTimeoutMs',
  DEMO_HEADERS_TIMEOUT_MS: 'headersTimeoutMs',
  DEMO_REQUEST_TIMEOUT_MS: 'requestTimeoutMs',
};

/** startDemoServer() options from `env`: only the variables that are set. Throws RangeError on a bad value. */
export function optionsFromEnv(env) {
  const options = {};
  for (const [name, option] of Object.entries(SETTINGS)) {
    const text = env[name];
    if (text === undefined || text === '') continue;
    if (!/^\d{1,9}$/.test(text)) throw new RangeError(`${name}=${text}: want a whole number`);
    options[option] = Number(text);
  }
  return options;
}
