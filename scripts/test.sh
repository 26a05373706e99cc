#!/usr/bin/env bash
# npm test: lints, native tests, TypeScript type tests, then the browser tests
# in headless Chromium against the reference server.
source "$(dirname "$0")/lib.sh"
setup

step "cargo fmt --check"
cargo fmt --all --check

step "clippy: server and client, native"
cargo clippy --workspace --all-targets --locked -- -D warnings

step "clippy: client, wasm32"
cargo clippy -p lro-web --target wasm32-unknown-unknown --all-targets --locked -- -D warnings

step "native tests"
cargo test --workspace --locked

step "TypeScript: the emitted .d.ts, checked with tsc --strict"
wasm-pack build --dev --target web --out-dir pkg
tsc -p tests/types

step "browser tests (wasm-pack test, headless Chromium)"
# One reference server per behaviour the tests need.
main=$(free_port) nowait=$(free_port) flaky=$(free_port) short=$(free_port)
start_server "$main"
start_server "$nowait" --no-wait
start_server "$flaky" --fail-rate 0.3 --seed 7
start_server "$short" --max-wait-ms 300
export LRO_TEST_SERVER="http://127.0.0.1:$main"
export LRO_NOWAIT_SERVER="http://127.0.0.1:$nowait"
export LRO_FLAKY_SERVER="http://127.0.0.1:$flaky"
export LRO_SHORTWAIT_SERVER="http://127.0.0.1:$short"
export LRO_DEAD_SERVER="http://127.0.0.1:$(free_port)"
export WASM_BINDGEN_TEST_TIMEOUT=90
wasm-pack test --headless --chrome --chromedriver "$CHROMEDRIVER" -- --locked --test web --test wait
