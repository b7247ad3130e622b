// Mocha's configuration for the unit tier, `npm run test:unit` (bash build.sh --test=unit): the JS and the
// Wasm core with no server process, browser, other runtime or bundler, in a few seconds. build.sh builds
// only the cores for it (dist/sse-core*), no bundles. Every tests/js/*.test.js file is in exactly one
// tier (tests/tiers/*.cjs; tests/js/tiers.test.js checks it); `npm test` runs them all (.mocharc.json).
module.exports = {
  ...require('../../.mocharc.json'),
  spec: [
    'tests/js/bench-workloads.test.js', // the bench's parsers agree on its workloads (installs build/bench-peers on first use)
    'tests/js/boundary.test.js',
    'tests/js/core-session.test.js',
    'tests/js/embind-runtime.test.js',
    'tests/js/light-message-event.test.js',
    'tests/js/options.test.js', // one test reads a stream from a loopback server in the same process
    'tests/js/parser.test.js',
    'tests/js/proxy-for.test.js', // EventSourceParserStream reads the test server, in the same process
    'tests/js/retry-policy.test.js',
    'tests/js/stream-cases.test.js',
    'tests/js/tiers.test.js',
  ],
};
