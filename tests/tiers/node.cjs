// Mocha's configuration for the Node tier, `npm run test:node` (bash build.sh --test=node): EventSource in
// Node end to end, against real servers on 127.0.0.1 (the test server, small servers of the tests' own)
// and in processes of its own (the CLI, a user's script); no browser. The faults and scale tests at their
// bounded sizes are in the scale tier.
module.exports = {
  ...require('../../.mocharc.json'),
  spec: [
    'tests/js/cli.test.js',
    'tests/js/event-source.e2e.test.js',
    'tests/js/fault-scenarios.test.js',
    'tests/js/http2-transport.test.js', // node:http2 servers, and nginx (installed by build.sh) in front of the test server
    'tests/js/legacy.e2e.test.js',
    'tests/js/lifetime.test.js',
    'tests/js/node-http-transport.test.js',
    'tests/js/node-process.test.js',
    'tests/js/proxy.test.js', // through tinyproxy (installed by build.sh), to http and https test servers
    'tests/js/task-order.test.js',
    'tests/js/tls-options.test.js',
  ],
};
