# Shared by scripts/test.sh and scripts/demo.sh (sourced, not run).
# Installs what the two commands need, idempotently, from package registries
# only: rustup's wasm32 target, wasm-pack and wasm-bindgen-cli from crates.io,
# Debian's chromium + chromium-driver, and the npm dev dependencies (binaryen's
# wasm-opt, tsc, vite, playwright-core) from the lock.

set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
export PATH="$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"
OUT="$ROOT/test-output"
mkdir -p "$OUT"

WASM_PACK_VERSION=0.15.1
CHROMEDRIVER=/usr/bin/chromedriver

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
  local want
  want=$(wasm_bindgen_version)
  if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$want" ]; then
    # Not --locked: one of its pinned dependencies is not on the registry here.
    cargo install wasm-bindgen-cli --version "$want" --force
  fi
  if [ "$(wasm-pack --version 2>/dev/null | awk '{print $2}')" != "$WASM_PACK_VERSION" ]; then
    cargo install wasm-pack --version "$WASM_PACK_VERSION" --locked --force
  fi
  if [ ! -x /usr/bin/chromium ] || [ ! -x "$CHROMEDRIVER" ]; then
    as_root apt-get update
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium chromium-driver
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
# own time is shared by the clients compared, so it is kept small).
start_server() {
  local port=$1 profile=${SERVER_PROFILE:-debug}
  shift
  if [ "$profile" = release ]; then
    cargo build -p lro-server --locked --quiet --release
  else
    cargo build -p lro-server --locked --quiet
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
