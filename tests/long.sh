#!/usr/bin/env bash
# The long variants of the bounded fault, scale and fuzz tests that `npm test` runs (npm run test:long).
# Each figure can be overridden from the environment. About 15-20 minutes on 2 cores.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash build.sh
export SSE_FAULT_EVENTS="${SSE_FAULT_EVENTS:-25000}"     # tests/js/faults.test.js: ~16,000 drops per transport
export SSE_CONNECTIONS="${SSE_CONNECTIONS:-9000}"        # tests/js/connections.test.js (2 fds each, ulimit -n permitting)
export SSE_LONG_EVENTS="${SSE_LONG_EVENTS:-50000000}"    # tests/js/long-stream.test.js
export SSE_CYCLES="${SSE_CYCLES:-50000}"                 # tests/js/open-close-cycles.test.js
npx mocha --no-config --timeout 600000 tests/js/faults.test.js tests/js/connections.test.js \
  tests/js/long-stream.test.js tests/js/open-close-cycles.test.js
