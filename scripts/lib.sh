# Shared by the scripts of npm test, npm run demo and the benchmarks
# (sourced, not run). Installs what they need, idempotently, from package
# registries only: rustup's wasm32 target, the release build's pinned nightly
# (scripts/release-toolchain) with rust-src and the wasm32 target, wasm-pack,
# wasm-bindgen-cli and geckodriver from crates.io, Debian's chromium,
# chromium-driver, firefox-esr, WebKitGTK's MiniBrowser and WebKitWebDriver
# (webkit2gtk-driver) with Xvfb, and the npm dev dependencies (binaryen's
# wasm-opt, tsc, vite, playwright-core) from the lock.

set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
export PATH="$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"
OUT="$ROOT/test-output"
mkdir -p "$OUT"

WASM_PACK_VERSION=0.15.1
GECKODRIVER_VERSION=0.37.1
CHROMEDRIVER=/usr/bin/chromedriver
GECKODRIVER="$HOME/.cargo/bin/geckodriver"
# WebKit (Safari's engine): Debian's WebKitGTK MiniBrowser through
# WebKitWebDriver, which wasm-pack drives as Safari (scripts/webkit-driver.mjs).
WEBKIT_WEBDRIVER=/usr/bin/WebKitWebDriver
MINIBROWSER=/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser
# The toolchain of the package's release build (scripts/build-package.sh);
# tests, clippy and rustfmt stay on stable.
RELEASE_TOOLCHAIN=$(cat "$ROOT/scripts/release-toolchain")

# The native build of both crates, as the native tests and clippy see it
# (every feature, the tests' dependencies with theirs): the reference server's
# debug binary comes from it too.
NATIVE_BUILD=(--workspace --all-features --all-targets --locked)

step() { printf '\n== %s\n' "$*"; }

# The exact wasm-bindgen version in Cargo.lock: the CLI must match it, or
# wasm-pack would try to download one.
wasm_bindgen_version() {
  awk '$0 == "name = \"wasm-bindgen\"" { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock
}

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

setup() {
  step "setup (idempotent)"
  rustup target list --installed | grep -qx wasm32-unknown-unknown ||
    rustup target add wasm32-unknown-unknown
  # The pinned nightly, with std's source (build-std) and the wasm32 target.
  if ! rustup component list --installed --toolchain "$RELEASE_TOOLCHAIN" 2>/dev/null | grep -q '^rust-src' ||
    ! rustup target list --installed --toolchain "$RELEASE_TOOLCHAIN" 2>/dev/null | grep -qx wasm32-unknown-unknown; then
    rustup toolchain install "$RELEASE_TOOLCHAIN" --profile minimal \
      --component rust-src --target wasm32-unknown-unknown
  fi
  local want
  want=$(wasm_bindgen_version)
  if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$want" ]; then
    # Not --locked: one of its pinned dependencies is not on the registry here.
    cargo install wasm-bindgen-cli --version "$want" --force
  fi
  if [ "$(wasm-pack --version 2>/dev/null | awk '{print $2}')" != "$WASM_PACK_VERSION" ]; then
    cargo install wasm-pack --version "$WASM_PACK_VERSION" --locked --force
  fi
  if [ ! -x /usr/bin/chromium ] || [ ! -x "$CHROMEDRIVER" ] || [ ! -x /usr/bin/firefox-esr ]; then
    as_root apt-get update
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium chromium-driver firefox-esr
  fi
  # MiniBrowser has no headless mode: it runs on Xvfb (xvfb-run needs xauth).
  if [ ! -x "$WEBKIT_WEBDRIVER" ] || [ ! -x "$MINIBROWSER" ] || ! command -v xvfb-run >/dev/null ||
    ! command -v xauth >/dev/null; then
    as_root apt-get update
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      webkit2gtk-driver libwebkit2gtk-4.1-0 xvfb xauth
  fi
  # Debian has no geckodriver; crates.io has it (once Firefox is in).
  if [ "$("$GECKODRIVER" --version 2>/dev/null | awk 'NR==1 {print $2}')" != "$GECKODRIVER_VERSION" ]; then
    cargo install geckodriver --version "$GECKODRIVER_VERSION" --locked --force
  fi
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    # `npm install` from the committed lock, not `npm ci`: the registry reachable
    # here serves only the Linux builds of rollup's and esbuild's platform
    # packages, so no lock made here can list the others, and `npm ci` refuses
    # such a lock as out of sync. The lock still pins every version installed.
    npm install --no-audit --no-fund
  fi
  # wasm-opt must be binaryen's from npm (Debian's 108 breaks the module).
  [ "$(command -v wasm-opt)" = "$ROOT/node_modules/.bin/wasm-opt" ] || {
    echo "wasm-opt is not npm binaryen's: $(command -v wasm-opt)" >&2
    exit 1
  }
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# start_server PORT [FLAGS...]: builds and starts lro-server on 127.0.0.1:PORT,
# waits until it listens, and stops it when the script exits. A debug build,
# or a release one with SERVER_PROFILE=release (the benchmarks: the server's
# own time is shared by the clients compared, so it is kept small). The debug
# build is the native tests' (`test-native.sh`): the same command, so that
# the dependencies' features agree and nothing is compiled twice.
start_server() {
  local port=$1 profile=${SERVER_PROFILE:-debug}
  shift
  if [ "$profile" = release ]; then
    cargo build -p lro-server --locked --quiet --release
  else
    cargo build "${NATIVE_BUILD[@]}" --quiet
  fi
  "$ROOT/target/$profile/lro-server" --addr "127.0.0.1:$port" "$@" >"$OUT/server-$port.log" 2>&1 &
  SERVER_PIDS="${SERVER_PIDS:-} $!"
  trap 'kill $SERVER_PIDS 2>/dev/null || true' EXIT
  for _ in $(seq 100); do
    grep -q "listening on" "$OUT/server-$port.log" && return 0
    sleep 0.1
  done
  cat "$OUT/server-$port.log" >&2
  echo "lro-server did not start on port $port" >&2
  exit 1
}

# The port of the test directory (servers.json), declared once, in the
# browser tests' support module.
test_directory_port() {
  sed -n 's|.*DIRECTORY: &str = "http://127.0.0.1:\([0-9]*\)/.*|\1|p' tests/support/mod.rs
}

# start_test_servers: the reference servers the browser suites use, one per
# behaviour, and servers.json naming them, served by the main one on the
# directory port. The suites read it at run time.
start_test_servers() {
  local dir="$OUT/servers" main nowait flaky short tls auth
  mkdir -p "$dir"
  main=$(test_directory_port) nowait=$(free_port) flaky=$(free_port) short=$(free_port) tls=$(free_port)
  auth=$(free_port)
  cat >"$dir/servers.json" <<JSON
{
  "main": "http://127.0.0.1:$main",
  "nowait": "http://127.0.0.1:$nowait",
  "flaky": "http://127.0.0.1:$flaky",
  "short": "http://127.0.0.1:$short",
  "tls": "https://127.0.0.1:$tls",
  "auth": "http://127.0.0.1:$auth",
  "dead": "http://127.0.0.1:$(free_port)"
}
JSON
  start_server "$main" --www "$dir"
  start_server "$nowait" --no-wait
  start_server "$flaky" --fail-rate 0.3 --seed 7
  start_server "$short" --max-wait-ms 300
  start_server "$tls" --tls
  start_server "$auth" --auth --max-wait-ms 300
}

# The browser suites, in the order npm test runs them.
BROWSER_SUITES=(web wait sharing credentials payloads registry faults load)

# The browsers of the suites, in the order npm test runs them.
BROWSERS=(chrome firefox webkit)

# run_browser_suites BROWSER [SUITE...]: wasm-pack test of the suites (all
# by default) in headless chrome, firefox or webkit, against
# start_test_servers.
run_browser_suites() {
  local browser=$1 tests=()
  shift
  local suites=("$@")
  [ ${#suites[@]} -gt 0 ] || suites=("${BROWSER_SUITES[@]}")
  for suite in "${suites[@]}"; do tests+=(--test "$suite"); done
  # Built with the registry, so that tests/registry.rs runs too; the other
  # suites' clients register nothing, so they see what the default entry does.
  local run=(wasm-pack test --headless)
  local args=(-- --locked --features registry,fuzzing "${tests[@]}")
  # The runner's limit on one suite's whole run: it ends a hang, and is not a
  # speed check, so it leaves room for a machine loaded by other work.
  export WASM_BINDGEN_TEST_TIMEOUT=${WASM_BINDGEN_TEST_TIMEOUT:-300}
  case "$browser" in
    chrome) "${run[@]}" --chrome --chromedriver "$CHROMEDRIVER" "${args[@]}" ;;
    firefox) "${run[@]}" --firefox --geckodriver "$GECKODRIVER" "${args[@]}" ;;
    webkit)
      # The test runner prefers a GECKODRIVER or CHROMEDRIVER of the
      # environment to the SAFARIDRIVER wasm-pack sets: none is passed on.
      env -u GECKODRIVER -u CHROMEDRIVER -u GECKODRIVER_REMOTE -u SAFARIDRIVER_REMOTE \
        -u CHROMEDRIVER_REMOTE WEBKIT_WEBDRIVER="$WEBKIT_WEBDRIVER" MINIBROWSER="$MINIBROWSER" \
        xvfb-run -a -s "-screen 0 1280x1024x24 -nolisten tcp" \
        "${run[@]}" --safari --safaridriver "$ROOT/scripts/webkit-driver.mjs" "${args[@]}"
      ;;
    *) echo "no browser $browser (chrome, firefox or webkit)" >&2; return 1 ;;
  esac
}
