#!/usr/bin/env bash
# Builds eventsource-wasm: the Wasm core (em++ + Embind) and the package bundles; with --test, also
# builds and runs the native tests (GoogleTest, sanitizers, fuzzers) and the Mocha suite.
# Installs what is missing: Debian's emscripten, cmake, clang, GoogleTest and chromium, and the npm
# dependencies.
#
# Usage: bash build.sh [--test] [--force] [--help]
#   --test    after building, run every test (native through CTest, then Mocha); exits non-zero on failure
#   --force   rebuild the Wasm core even when its sources are unchanged
# Environment:
#   SSE_FUZZ_SECONDS   how long each fuzz target runs under --test (default 10)
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"
readonly ROOT=$PWD
readonly BUILD=$ROOT/build
readonly DIST=$ROOT/dist

run_tests=0
force=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --test) run_tests=1 ;;
    --force) force=1 ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    *) echo "build.sh: unknown flag '$1' (try --help)" >&2; exit 2 ;;
  esac
  shift
done

log() { echo "build.sh: $*"; }

# Installs Debian packages, as root or through sudo.
apt_install() {
  local sudo=()
  [[ $(id -u) -eq 0 ]] || sudo=(sudo)
  log "installing Debian packages: $*"
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "$@" >/dev/null
}

ensure_emscripten() {
  if ! command -v em++ >/dev/null; then
    log "em++ not found"
    apt_install emscripten
  fi
  # Debian's emcc runs its JS optimizer with /usr/bin/node, which does not search /usr/share/nodejs
  # (where Debian puts acorn): without this, -O1 and above fail with "Cannot find module 'acorn'".
  export NODE_PATH=/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}
}

ensure_native_toolchain() {
  local missing=()
  command -v cmake >/dev/null || missing+=(cmake)
  command -v clang++ >/dev/null || missing+=(clang)
  [[ -d /usr/src/googletest ]] || missing+=(googletest libgtest-dev)
  if [[ ${#missing[@]} -gt 0 ]]; then apt_install "${missing[@]}"; fi
}

ensure_chromium() {
  # Browser tests drive Debian's Chromium with playwright-core (a downloaded browser cannot be had here).
  if [[ ! -x /usr/bin/chromium ]]; then
    log "chromium not found"
    apt_install chromium
  fi
}

ensure_node_modules() {
  local stamp=node_modules/.package-lock.json
  if [[ ! -f $stamp || package.json -nt $stamp || ( -f package-lock.json && package-lock.json -nt $stamp ) ]]; then
    log "installing npm dependencies"
    if [[ -f package-lock.json ]]; then npm ci --no-audit --no-fund; else npm install --no-audit --no-fund; fi
  fi
}

# em++ flags for the shipped core, one per line.
EMCC_FLAGS=(
  -std=c++17                  # the same standard as the native CMake build
  -O3                         # speed first; size is measured below
  -DNDEBUG                    # the state machine's invariant asserts are for native builds
  -fno-exceptions             # nothing throws; smaller and faster code
  --bind                      # Embind: the WasmEventSource class in cpp/src/bindings.cc
  -s MODULARIZE=1             # a factory returning a promise of the module, no globals
  -s EXPORT_ES6=1             # an ES module (export default createSseCore)
  -s EXPORT_NAME=createSseCore # the factory's name, imported by js/core-module.js
  -s ENVIRONMENT=web,worker   # no Node branch (require/__dirname): the same file runs in Node and browsers
  -s SINGLE_FILE=1            # Wasm embedded: 3.1.6's loader cannot fetch a .wasm file in Node 20
  -s FILESYSTEM=0             # no file I/O in the core
  -s MALLOC=emmalloc          # smaller than dlmalloc; allocation is not hot (buffers are reused)
  -s ALLOW_MEMORY_GROWTH=1    # events up to maxEventSize (16 MiB default) must fit
  -s DYNAMIC_EXECUTION=0      # no eval/new Function: works under a strict Content-Security-Policy
  -s INCOMING_MODULE_JS_API=[] # the factory takes no options; drops the code that reads them
)
readonly CORE_SOURCES=(cpp/src/*.cc cpp/src/*.h)

build_wasm() {
  local stamp_file=$BUILD/wasm.stamp
  local stamp
  stamp=$(cat "${CORE_SOURCES[@]}" build.sh | sha256sum | cut -d' ' -f1)
  if [[ $force -eq 0 && -f $DIST/sse-core.mjs && -f $stamp_file && $(cat "$stamp_file") == "$stamp" ]]; then
    log "Wasm core up to date"
    return
  fi
  ensure_emscripten
  log "building the Wasm core with $(em++ --version | head -n1)"
  mkdir -p "$BUILD/wasm" "$DIST"
  em++ "${EMCC_FLAGS[@]}" cpp/src/*.cc -o "$DIST/sse-core.mjs"
  echo "$stamp" > "$stamp_file"
}

build_bundles() {
  # The core reads import.meta.url only to locate a .wasm file, which SINGLE_FILE does not have.
  local common=(--bundle --platform=neutral --target=es2022 --define:import.meta.url=undefined --log-level=warning)
  # CommonJS for require(): the ESM sources with the core inlined.
  npx --no-install esbuild js/index.js "${common[@]}" --format=cjs --outfile="$DIST/index.cjs"
  npx --no-install esbuild js/polyfill.js "${common[@]}" --format=cjs --outfile="$DIST/polyfill.cjs"
  npx --no-install esbuild js/legacy.js "${common[@]}" --format=cjs --outfile="$DIST/legacy.cjs"
  # One classic script for a script tag: installs the polyfill, exposes the global EventSourceWasm;
  # the -legacy one also installs the Opera 9 <event-source> element and addEventSource().
  npx --no-install esbuild js/script-tag.js "${common[@]}" --format=iife --global-name=EventSourceWasm \
    --minify --outfile="$DIST/eventsource-wasm.js"
  npx --no-install esbuild js/script-tag-legacy.js "${common[@]}" --format=iife --global-name=EventSourceWasm \
    --minify --outfile="$DIST/eventsource-wasm-legacy.js"
}

print_size() {  # label, file
  printf 'build.sh: %-34s %8d bytes raw %8d bytes gzip -9\n' "$1" "$(wc -c < "$2")" "$(gzip -9c "$2" | wc -c)"
}

print_sizes() {
  local file
  for file in "$DIST"/*; do print_size "dist/${file##*/}" "$file"; done
  # The Wasm binary alone, decoded from the data: URL that SINGLE_FILE embeds in sse-core.mjs.
  node -e 'const s = require("fs").readFileSync(process.argv[1], "utf8");
    const b64 = s.match(/data:application\/octet-stream;base64,([A-Za-z0-9+\/=]+)/)[1];
    require("fs").writeFileSync(process.argv[2], Buffer.from(b64, "base64"));' "$DIST/sse-core.mjs" "$BUILD/sse-core.wasm"
  print_size "(the .wasm inside sse-core.mjs)" "$BUILD/sse-core.wasm"
}

run_native_tests() {
  ensure_native_toolchain
  log "native tests (clang, ASan+UBSan, fuzzers ${SSE_FUZZ_SECONDS:-10}s each)"
  CXX=clang++ cmake -S cpp -B "$BUILD/native" -DCMAKE_BUILD_TYPE=Debug \
    -DSSE_FUZZ_SECONDS="${SSE_FUZZ_SECONDS:-10}" >/dev/null
  cmake --build "$BUILD/native" -j"$(nproc)"
  ctest --test-dir "$BUILD/native" -j"$(nproc)" --output-on-failure
}

run_js_tests() {
  ensure_chromium
  log "Mocha"
  npx --no-install mocha
}

ensure_node_modules
build_wasm
build_bundles
print_sizes
if [[ $run_tests -eq 1 ]]; then
  run_native_tests
  run_js_tests
fi
