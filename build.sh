#!/usr/bin/env bash
# Builds eventsource-wasm: the Wasm core (em++ + Embind) and the package bundles; with --test, also
# builds and runs the native tests (GoogleTest, sanitizers, fuzzers) and the Mocha suite.
# Installs what is missing: Debian's emscripten, zopfli, cmake, clang, GoogleTest, chromium, firefox-esr,
# webkit2gtk-driver and xvfb, tinyproxy-bin, nginx and openssl (the proxy, TLS and HTTP/2 tests), and the npm
# dependencies.
#
# Usage: bash build.sh [--test | --test=TIER] [--force] [--prepare] [--wasm-names] [--help]
#   --test    after building, run every test (the linters, native through CTest, then Mocha); exits
#             non-zero on failure
#   --test=TIER
#             after building, run one tier of the Mocha suite instead, tests/tiers/TIER.cjs (npm run test:TIER):
#             unit (only the Wasm core is built: no bundles, no browsers), node, browser, demo or scale
#   --force   rebuild the Wasm core even when its sources are unchanged
#   --prepare what npm's `prepare` script runs (npm pack, npm publish, installs from git, a plain npm
#             install in the clone): the build, except inside the npm install that build.sh itself runs
#   --wasm-names
#             only build the standard core again with its function names (build/wasm/names/sse-core.wasm),
#             for the bench's size breakdown and for profiles; nothing else
# Environment:
#   SSE_FUZZ_SECONDS   how long each fuzz target runs under --test (default 10)
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"
readonly ROOT=$PWD
readonly BUILD=$ROOT/build
readonly DIST=$ROOT/dist

run_tests=0
tier=
force=0
prepare=0
wasm_names=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --test) run_tests=1 ;;
    --test=unit|--test=node|--test=browser|--test=demo|--test=scale) tier=${1#--test=} ;;
    --force) force=1 ;;
    --prepare) prepare=1 ;;
    --wasm-names) wasm_names=1 ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    *) echo "build.sh: unknown flag '$1' (try --help)" >&2; exit 2 ;;
  esac
  shift
done

log() { echo "build.sh: $*"; }

# npm runs `prepare` at the end of the npm install that ensure_node_modules starts (it sets this variable
# for that command only): the build that started it goes on.
if [[ $prepare -eq 1 && -n ${EVENTSOURCE_WASM_NPM_INSTALL:-} ]]; then
  exit 0
fi

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
  # --closure: Debian's emcc takes the compiler from EM_CLOSURE_COMPILER and never looks in node_modules.
  # The npm devDependency google-closure-compiler@20220104 (newer ones reject 3.1.6's output with
  # ECMASCRIPT_NEXT_IN); its CLI runs the native google-closure-compiler-linux binary, no Java needed.
  export EM_CLOSURE_COMPILER=$ROOT/node_modules/.bin/google-closure-compiler
  if [[ ! -x $EM_CLOSURE_COMPILER ]]; then
    echo "build.sh: $EM_CLOSURE_COMPILER is missing (npm devDependency google-closure-compiler)" >&2
    exit 1
  fi
}

ensure_native_toolchain() {
  local missing=()
  command -v cmake >/dev/null || missing+=(cmake)
  command -v clang++ >/dev/null || missing+=(clang)
  [[ -d /usr/src/googletest ]] || missing+=(googletest libgtest-dev)
  if [[ ${#missing[@]} -gt 0 ]]; then apt_install "${missing[@]}"; fi
}

ensure_clang_format() {
  command -v clang-format >/dev/null || apt_install clang-format
}

ensure_chromium() {
  # Browser tests drive Debian's Chromium with playwright-core (a downloaded browser cannot be had here).
  if [[ ! -x /usr/bin/chromium ]]; then
    log "chromium not found"
    apt_install chromium
  fi
}

ensure_firefox() {
  # Debian's Firefox ESR, driven over WebDriver BiDi (built into Firefox) by puppeteer-core; no geckodriver.
  if [[ ! -x /usr/bin/firefox-esr ]]; then
    log "firefox-esr not found"
    apt_install --no-install-recommends firefox-esr
  fi
}

ensure_webkit() {
  # WebKitWebDriver (webkit2gtk-driver) and the MiniBrowser of its dependency libwebkit2gtk-4.1-0, which has no
  # headless mode: it runs on Xvfb.
  local missing=()
  [[ -x /usr/bin/WebKitWebDriver ]] || missing+=(webkit2gtk-driver)
  [[ -x /usr/bin/Xvfb ]] || missing+=(xvfb)
  if [[ ${#missing[@]} -gt 0 ]]; then
    log "${missing[*]} not found"
    apt_install --no-install-recommends "${missing[@]}"
  fi
}

ensure_network_tools() {
  # The proxy, TLS and HTTP/2 tests (tests/js/proxy.test.js, tls-options.test.js, http2-transport.test.js):
  # Debian's tinyproxy as the forward proxy (package tinyproxy-bin: the binary without the system service),
  # nginx as the HTTP/2 reverse proxy (run by the tests in the foreground with a configuration of their own),
  # openssl for their certificates.
  local missing=()
  [[ -x /usr/bin/tinyproxy ]] || missing+=(tinyproxy-bin)
  [[ -x /usr/sbin/nginx ]] || missing+=(nginx)
  command -v openssl >/dev/null || missing+=(openssl)
  if [[ ${#missing[@]} -gt 0 ]]; then
    log "${missing[*]} not found"
    apt_install --no-install-recommends "${missing[@]}"
  fi
}

ensure_node_modules() {
  # npm records what it installed in node_modules/.package-lock.json. Reinstall when what to install
  # changed (the lock file, or package.json without one), not on every package.json edit (files, exports).
  local stamp=node_modules/.package-lock.json
  local wanted=package-lock.json
  [[ -f $wanted ]] || wanted=package.json
  if [[ ! -f $stamp || $wanted -nt $stamp ]]; then
    log "installing npm dependencies"
    if [[ -f package-lock.json ]]; then EVENTSOURCE_WASM_NPM_INSTALL=1 npm ci --no-audit --no-fund
    else EVENTSOURCE_WASM_NPM_INSTALL=1 npm install --no-audit --no-fund; fi
  fi
}

# em++ flags for the shipped core, one per line.
EMCC_FLAGS=(
  -std=c++17                  # the same standard as the native CMake build
  -Icpp/src                   # cpp/wasm/bindings.cc includes the core's headers
  -O3                         # speed first: -Oz/-Os parse 2-3x slower for ~0.5 KB gzip (measured with npm run bench)
  -DNDEBUG                    # the state machine's invariant asserts are for native builds
  -flto                       # link-time optimisation with the system libraries: -0.8 KB deflated Wasm, parsing as fast or ~10% faster
  -fno-exceptions             # nothing throws; smaller and faster code
  -mbulk-memory               # memcpy/memset as memory.copy/fill: -200 B deflated; every engine that parses the ES2022 shim has it (Chrome 75, Firefox 79, Safari 15)
  -fno-rtti                   # nothing needs RTTI; Embind then keys types by address and no type_info runtime is linked
  -DEMSCRIPTEN_HAS_UNBOUND_TYPE_NAMES=0 # Embind without RTTI, as libembind's own no-RTTI build
  -s MINIMAL_RUNTIME=1        # glue that only instantiates Module.wasm and starts it: 1.5 KB gzip instead of 2.85 (no loader, no environment detection)
  -s MINIMAL_RUNTIME_STREAMING_WASM_COMPILATION=1 # Module.wasm may be a compiled WebAssembly.Module (js/core/core-module.js always passes one)
  -s MODULARIZE=1             # a factory returning a promise of the module, no globals
  -s EXPORT_ES6=1             # an ES module (export default createSseCore)
  -s USE_ES6_IMPORT_META=0    # no import.meta in the glue (it breaks the CJS and script-tag bundles); js/core/core-module.js locates and compiles the .wasm
  -s EXPORT_NAME=createSseCore # the factory's name, imported by js/core/core-module.js
  -s ENVIRONMENT=web,worker   # no Node branch (require/__dirname): the same file runs in Node and browsers
  -s FILESYSTEM=0             # no file I/O in the core
  -s BINARYEN_EXTRA_PASSES=-fimfs=0 # wasm-opt inlines no small call-free functions LLVM left out of line (free() at ~70 call sites): -200 B deflated, parse speed the same
  -s MALLOC=none              # cpp/wasm/malloc.cc: size classes, large blocks sized exactly and grown in place at the top (cpp/src/size_class_heap.h), ~360 B deflated less than emmalloc
  -s ALLOW_MEMORY_GROWTH=1    # events up to maxEventSize (16 MiB default) must fit
  -s INITIAL_MEMORY=6MB       # the 5 MiB stack (emcc 3.1.6's default) and 1 MiB of heap; cpp/wasm/malloc.cc grows it MiB by MiB, so Wasm memory is what the core used at its peak
  -s DYNAMIC_EXECUTION=0      # no eval/new Function: works under a strict Content-Security-Policy
  -s EXPORTED_FUNCTIONS=[_sse_feed] # the direct export; MINIMAL_RUNTIME keeps it in the glue (module_surface.js puts it on Module)
  -s 'DEFAULT_LIBRARY_FUNCS_TO_INCLUDE=[$moduleSurface]' # Module.HEAPU8, HEAPU32 and _sse_feed (cpp/wasm/module_surface.js)
  --closure 1                 # Closure Compiler (advanced) on the glue; what js/ reads is quoted or set by name (Module["HEAPU8"], Embind classes, _sse_feed), so it survives
)
# The two variants: the standard core, and the legacy one with Opera 9's 2006 dialect compiled in.
readonly LEGACY_FLAGS=(
  -DSSE_LEGACY_DIALECT=1      # cpp/src compiles the legacy dialect only with this
)
# Embind without libembind (what --bind links) and without Emscripten's embind.js: Embind's C++ half
# (emscripten/bind.h, cpp/wasm/bindings.cc) with cpp/wasm/embind_builtins.cc instead of libembind's
# bind.cpp (which registers every builtin type, so keeps their JS), and cpp/wasm/embind_runtime.js as the
# JS half, for the classes, integers, bool and void that bindings.cc uses. Measured (gzip -9 of
# dist/sse-core.mjs): embind.js + emval.js 6.4 KB, embind_runtime.js 2.85 KB, and with MINIMAL_RUNTIME 1.7.
readonly JS_LIBRARIES=(cpp/wasm/embind_runtime.js cpp/wasm/module_surface.js)
readonly CORE_SOURCES=(cpp/src/*.cc cpp/src/*.h cpp/src/*.def cpp/wasm/*.cc cpp/wasm/*.js)

# em++ with the shipped core's flags, and `flags...`, into build/wasm/<name>/sse-core.mjs (and sse-core.wasm).
link_core() {  # name, extra flags...
  local name=$1
  shift
  mkdir -p "$BUILD/wasm/$name"
  em++ "${EMCC_FLAGS[@]}" "${JS_LIBRARIES[@]/#/--js-library=}" "$@" cpp/src/*.cc cpp/wasm/*.cc \
    -o "$BUILD/wasm/$name/sse-core.mjs"
}

# One variant into build/wasm/<name>/: sse-core.mjs (the glue) and sse-core.wasm.
build_variant() {  # name, extra flags...
  link_core "$@"
  # The glue makes every view of memory (HEAP8 ... HEAPF64) on each growth; js/ reads HEAPU8 and HEAPU32
  # only, and Closure keeps the others' bare `new Int8Array(b);` statements (a constructor might throw).
  # Dropping them: -90 B raw. Matches nothing, harmlessly, if a later Emscripten writes them otherwise.
  sed -E -i 's/;?new (Int8|Int16|Int32|Uint16|Float32|Float64)Array\([a-zA-Z_$]+\)//g' "$BUILD/wasm/$1/sse-core.mjs"
}

# The same core compiled to JavaScript (wasm2js) for where WebAssembly may not be compiled (a strict
# Content-Security-Policy, an extension's default policy, --jitless, Hermes) into build/wasm/<name>-js/:
# sse-core.mjs is then glue and core in one file, whose own `WebAssembly` stand-in runs the wasm2js code.
# No views' sed (build_variant): wasm2js keeps its views in the same statements.
build_js_variant() {  # name, extra flags...
  local name=$1-js
  shift
  link_core "$name" "$@" -s WASM=0 --memory-init-file 0
  # A mark that survives minifiers (a property set as the module runs), by which tests find this core in
  # what a page downloaded (tests/js/bundlers.test.js).
  printf '\n%s\n' 'createSseCore.core = "eventsource-wasm: the core compiled to JavaScript";' >> "$BUILD/wasm/$name/sse-core.mjs"
  # Its factory under a global symbol too (dist/sse-core*-js.mjs: its file name): Parcel builds the file a
  # `new URL(..., import.meta.url)` names as a bundle of its own and drops its exports (write_js_core_imports).
  local file=sse-core-js
  if [[ $name == legacy-js ]]; then file=sse-core-legacy-js; fi
  printf '%s\n' "globalThis[Symbol.for(\"eventsource-wasm/$file\")] = createSseCore;" >> "$BUILD/wasm/$name/sse-core.mjs"
}

# The standard core with a name section (--profiling-funcs: the same code, its functions named), into
# build/wasm/names/: what tests/bench/size-breakdown.js reads the size of each function from.
build_names_variant() {
  ensure_emscripten
  link_core names --profiling-funcs
}

# js/core/boundary.js from cpp/src/boundary.def, the one declaration of what both sides of the JS/Wasm
# boundary agree on (record kinds and width, error codes, flags, view and option offsets, defaults).
generate_boundary() {
  node cpp/wasm/boundary_to_js.mjs
}

build_wasm() {
  local stamp_file=$BUILD/wasm.stamp
  local stamp
  stamp=$(cat "${CORE_SOURCES[@]}" build.sh | sha256sum | cut -d' ' -f1)
  if [[ $force -eq 0 && -f $DIST/sse-core.wasm && -f $DIST/sse-core-legacy.wasm && -f $DIST/sse-core-js.mjs \
        && -f $DIST/sse-core-legacy-js.mjs && -f $stamp_file \
        && $(cat "$stamp_file") == "$stamp" ]]; then
    log "Wasm core up to date"
    return
  fi
  ensure_emscripten
  log "building the core (standard and legacy, Wasm and JS) with $(em++ --version | head -n1)"
  mkdir -p "$DIST"
  rm -f "$stamp_file"
  # Both at once (two cores); `wait PID` returns each one's status, so either failing fails the build.
  build_variant standard & local standard_pid=$!
  build_variant legacy "${LEGACY_FLAGS[@]}" & local legacy_pid=$!
  wait "$standard_pid"
  wait "$legacy_pid"
  build_js_variant standard & standard_pid=$!
  build_js_variant legacy "${LEGACY_FLAGS[@]}" & legacy_pid=$!
  wait "$standard_pid"
  wait "$legacy_pid"
  # Each variant keeps its own glue: the minified Wasm import names it maps differ between the two links.
  cp "$BUILD/wasm/standard/sse-core.mjs" "$DIST/sse-core.mjs"
  cp "$BUILD/wasm/standard/sse-core.wasm" "$DIST/sse-core.wasm"
  cp "$BUILD/wasm/legacy/sse-core.mjs" "$DIST/sse-core-legacy.mjs"
  cp "$BUILD/wasm/legacy/sse-core.wasm" "$DIST/sse-core-legacy.wasm"
  cp "$BUILD/wasm/standard-js/sse-core.mjs" "$DIST/sse-core-js.mjs"
  cp "$BUILD/wasm/legacy-js/sse-core.mjs" "$DIST/sse-core-legacy-js.mjs"
  echo "$stamp" > "$stamp_file"
}

# The script-tag builds embed their core as deflate-raw inside base64, inflated by
# DecompressionStream('deflate-raw') (Chrome 103, Firefox 113, Safari 16.4): base64 of the bare binary
# costs ~35% more gzip. Where DecompressionStream is missing, the script fetches the same core from
# beside itself (dist/sse-core*.wasm, js/core/embedded-core.js) instead of carrying a second copy. Measured
# on the standard core (gzip -9 of the base64 inside dist/eventsource-wasm.js): deflate-raw 7.5 KB;
# plain base64 instead 10.5 KB (+3.0 KB for every browser); both copies 18 KB; the fetch fallback ~30 B.
deflate_cores() {
  # Zopfli's deflate is 4% smaller than zlib -9's (7.4 instead of 7.7 KB for the standard core).
  command -v zopfli >/dev/null || apt_install zopfli
  local file
  for file in "$DIST/sse-core.wasm" "$DIST/sse-core-legacy.wasm"; do
    zopfli --deflate --i100 -c "$file" > "$BUILD/wasm/${file##*/}.deflate"
  done
  # The same as ES modules for the package's entries (js/core/core-module.js imports them): a bundler sees plain
  # JS, so every bundler takes the core with no asset rule and no plugin. Measured on the standard core:
  # 7,245 B gzip -9 against 7,363 for the .wasm (zopfli's deflate beats gzip's), 7,151 B brotli against
  # 6,652; and one request fewer.
  local name
  for name in sse-core sse-core-legacy; do
    printf '// dist/%s.wasm as deflate-raw in base64 (build.sh): the core the package imports as plain JS.
export default "%s";
' \
      "$name" "$(base64 -w0 "$BUILD/wasm/$name.wasm.deflate")" > "$DIST/$name-deflated.mjs"
  done
}

# How js/core/standard-core.js and legacy-core.js import their JS core (dist/sse-core*-js.mjs), only where
# WebAssembly is missing or refused: dist/sse-core*-js-import.mjs, beside the core, so that one relative URL
# is right both where the package runs as it is (Node, Deno, an import map: beside this module) and in a
# bundle. Written as `new URL('./file', import.meta.url)`, the form Vite, webpack, Rspack and Parcel copy the
# file for (a file no page downloads unless it needs it); esbuild and Rollup leave it, and the URL then names
# the file beside the bundle (beside the script, for an iife bundle), where their users copy it. Not a literal
# import(): esbuild without --splitting (its default) would put the JS core in every bundle.
write_js_core_imports() {
  local name
  for name in sse-core-js sse-core-legacy-js; do
    # Service workers may not import(): eventsource-wasm/js-core (js/js-core.js) bundles the standard one in.
    local worker_hint='; a service worker, which may not import(), bundles it with import "eventsource-wasm\/js-core"'
    if [[ $name == sse-core-legacy-js ]]; then worker_hint=''; fi
    sed "s/@NAME@/$name/g; s/@WORKER_HINT@/$worker_hint/" > "$DIST/$name-import.mjs" <<'EOF'
// Imports dist/@NAME@.mjs, the core compiled to JavaScript, from beside this module, or from where the
// bundler put it (build.sh, write_js_core_imports). An iife bundle has no import.meta.url: beside its script.
const scriptUrl = globalThis.document?.currentScript?.src;
export default async function importJsCore() {
  let url;
  try {
    url = (import.meta.url ? new URL('./@NAME@.mjs', import.meta.url) : new URL('@NAME@.mjs', scriptUrl)).href;
    const module = await import(/* webpackIgnore: true */ /* @vite-ignore */ url);
    // Parcel builds the file as a bundle of its own, without its exports; it sets this symbol as it runs.
    return module.default ? module : { default: globalThis[Symbol.for('eventsource-wasm/@NAME@')] };
  } catch (error) {
    throw new Error(
      `eventsource-wasm: could not import its JavaScript core from ${url ?? 'beside the script'}: ${error.message}` +
        ' (copy dist/@NAME@.mjs there where the bundler does not, as esbuild and Rollup do not@WORKER_HINT@)',
      { cause: error },
    );
  }
}
EOF
  done
}

build_bundles() {
  local common=(--bundle --platform=neutral --target=es2022 --log-level=warning)
  # CommonJS for require() in Node: one bundle of the ESM sources (dist/shared.cjs) in which each entry
  # runs on its first require, so that the three entries share one EventSource class and one core
  # selection (requiring eventsource-wasm/legacy makes EventSource read legacy streams, as importing
  # it does); dist/index.cjs, polyfill.cjs and legacy.cjs only pick their entry. The glues and the
  # deflated cores (dist/sse-core*.mjs) are bundled in, each run only when an entry that imports it
  # does. import.meta.url is the .cjs file's own URL.
  local entry
  local cjs_entries='module.exports = {'
  for entry in index polyfill legacy parser; do cjs_entries+=" $entry: () => require('./js/$entry.js'),"; done
  npx --no-install esbuild "${common[@]}" --format=cjs --define:import.meta.url=__sseModuleUrl \
    '--banner:js=const __sseModuleUrl = require("node:url").pathToFileURL(__filename).href;' \
    --sourcefile=cjs-entries.js --outfile="$DIST/shared.cjs" <<< "$cjs_entries };"
  for entry in index polyfill legacy parser; do
    printf '// CommonJS entry (%s): js/%s.js, bundled in shared.cjs.\nmodule.exports = require("./shared.cjs").%s();\n' \
      "$entry" "$entry" "$entry" > "$DIST/$entry.cjs"
  done
  # ES module entries for Node (package.json exports "node" > "import"): the same modules of shared.cjs,
  # so that `import` and `require` in one Node process give one EventSource class (instanceof works
  # across both). Browsers and bundlers for them get js/ as it is. Each names its entry's exports.
  for entry in index polyfill legacy parser; do
    node -e 'const [entry, file] = process.argv.slice(1);
      const names = Object.keys(require(file)).sort();
      process.stdout.write(`// ES module entry for Node (${entry}): js/${entry}.js as dist/shared.cjs bundles it, one class with require().\n` +
        `import shared from "./${entry}.cjs";\n` + names.map((name) => `export const ${name} = shared.${name};\n`).join(""));' \
      "$entry" "$DIST/$entry.cjs" > "$DIST/$entry.mjs"
  done
  # CommonJS declarations for the require condition (TypeScript's node16/nodenext resolution reads a
  # .d.ts in this "type": "module" package as ESM, which a .cts file cannot require: TS1479): the same
  # declarations, as .d.cts, importing each other by their .cjs names.
  for entry in index polyfill legacy parser; do
    sed "s|from './index.js'|from './index.cjs'|; 1s|^// Types of |// Types (CommonJS: a copy of js/$entry.d.ts, made by build.sh) of |" \
      "js/$entry.d.ts" > "$DIST/$entry.d.cts"
  done
  # One classic script for a script tag: installs the polyfill, exposes the global EventSourceWasm;
  # the -legacy one also installs the Opera 9 <event-source> element and addEventSource(). Each has
  # its own variant's glue and core inlined (dist/sse-core*.mjs, the core as deflate-raw in base64), and
  # never fetches or imports either (but for the core's fallback, js/core/embedded-core.js).
  local iife=("${common[@]}" --format=iife --minify
    --define:import.meta.url=undefined --drop-labels=NODE_ONLY,EXTENSIONS,JS_CORE_IMPORT)
  # Labels dropped: NODE_ONLY, statements for Node only (js/transports/select-transport.js); EXTENSIONS, the options beyond
  # the standard (js/options/extension-options.js); JS_CORE_IMPORT, the JS core's dynamic import (js/core/standard-core.js).
  # The standard one's metafile (the bytes each module puts in it) is read by tests/bench/size-breakdown.js.
  npx --no-install esbuild js/script-tag.js "${iife[@]}" --outfile="$DIST/eventsource-wasm.js" \
    --metafile="$BUILD/eventsource-wasm.meta.json"
  npx --no-install esbuild js/script-tag-legacy.js "${iife[@]}" --outfile="$DIST/eventsource-wasm-legacy.js"
  # Then terser (two compress passes) over each: 16.5 -> 15.6 KB gzip for the standard one, measured
  # (unsafe_methods, object-literal functions as methods, none of which is ever constructed: -17 B);
  # esbuild's minifier does not inline or collapse across functions.
  local file
  for file in "$DIST/eventsource-wasm.js" "$DIST/eventsource-wasm-legacy.js"; do
    npx --no-install terser "$file" --compress passes=2,ecma=2020,pure_getters=true,unsafe_methods=true --mangle --ecma 2020 --output "$file"
  done
  # The shared worker, prebuilt and self-contained (one module script with the standard core inside), for
  # builds that emit none of their own (Rollup, esbuild): served as a file, named by shared: { worker }.
  npx --no-install esbuild js/shared-worker.js "${common[@]}" --format=esm --minify --drop-labels=NODE_ONLY,JS_CORE_IMPORT \
    --outfile="$DIST/shared-worker.js"
}

# Every shipped file (dist/*): raw, gzip -9 and brotli (quality 11, through Node's zlib) bytes.
print_sizes() {
  local file
  for file in "$DIST"/*; do
    printf 'build.sh: %-30s %7d raw %7d gzip -9 %7d brotli\n' "dist/${file##*/}" "$(wc -c < "$file")" \
      "$(gzip -9c "$file" | wc -c)" "$(node -e 'const z = require("zlib");
        process.stdout.write(String(z.brotliCompressSync(require("fs").readFileSync(process.argv[1]),
          { params: { [z.constants.BROTLI_PARAM_QUALITY]: 11 } }).length));' "$file")"
  done
}

configure_native() {
  ensure_native_toolchain
  CXX=clang++ cmake -S cpp -B "$BUILD/native" -DCMAKE_BUILD_TYPE=Debug \
    -DSSE_FUZZ_SECONDS="${SSE_FUZZ_SECONDS:-10}" >/dev/null
}

# Formatting and lint findings fail the test run first (tests/lint/lint.sh, also npm run lint).
run_lint() {
  ensure_clang_format
  log "lint (Prettier, ESLint, clang-format)"
  bash tests/lint/lint.sh
}

run_native_tests() {
  log "native tests (clang, ASan+UBSan, fuzzers ${SSE_FUZZ_SECONDS:-10}s each)"
  configure_native
  cmake --build "$BUILD/native" -j"$(nproc)"
  ctest --test-dir "$BUILD/native" -j"$(nproc)" --output-on-failure
}

run_js_tests() {
  ensure_network_tools
  ensure_chromium
  ensure_firefox
  ensure_webkit
  log "Mocha"
  npx --no-install mocha
}

# One tier of the Mocha suite, with what its tests need besides the build.
run_tier() {
  case $tier in
    browser) ensure_chromium; ensure_firefox; ensure_webkit ;;
    demo) ensure_chromium ;;
    node) ensure_network_tools ;;
    scale)
      ensure_chromium # tests/js/bundlers.test.js
      configure_native # the native parser tests/js/fuzz-differential.test.js compares the cores with
      cmake --build "$BUILD/native" -j"$(nproc)" --target parse_stdin ;;
  esac
  log "Mocha, $tier tier (tests/tiers/$tier.cjs)"
  npx --no-install mocha --config "tests/tiers/$tier.cjs"
}

ensure_node_modules
generate_boundary
if [[ $wasm_names -eq 1 ]]; then
  build_names_variant
  exit 0
fi
build_wasm
deflate_cores
write_js_core_imports
# The unit tests import js/ and the cores (dist/sse-core*), not the bundles; a tier's run skips the sizes.
if [[ $tier != unit ]]; then build_bundles; fi
if [[ -z $tier ]]; then print_sizes; fi
if [[ $run_tests -eq 1 ]]; then
  run_lint
  run_native_tests
  run_js_tests
fi
if [[ -n $tier ]]; then run_tier; fi
