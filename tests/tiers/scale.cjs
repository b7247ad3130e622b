// Mocha's configuration for the scale tier, `npm run test:scale` (bash build.sh --test=scale, which also
// builds build/native/parse_stdin for the differential test): the slow ones. The fault, scale and memory
// tests at their bounded sizes (npm run test:long runs them longer), the differential fuzzer, and the
// package as consumers get it: packed from a clean clone (a build of its own), type-checked, bundled,
// and run in other runtimes and edge runtimes (each installed under build/ on first use).
module.exports = {
  ...require('../../.mocharc.json'),
  spec: [
    'tests/js/faults.test.js',
    'tests/js/connections.test.js',
    'tests/js/long-stream.test.js',
    'tests/js/open-close-cycles.test.js',
    'tests/js/spike-memory.test.js',
    'tests/js/fuzz-differential.test.js',
    'tests/js/types.test.js',
    'tests/js/package.test.js',
    'tests/js/bundlers.test.js',
    'tests/js/runtimes.test.js',
    'tests/js/edge-runtimes.test.js',
  ],
};
