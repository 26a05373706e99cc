#!/usr/bin/env bash
# npm test: lints, native tests, the npm package and its type tests, browser
# tests in headless Chromium against reference servers, then the packed
# package in a consumer project (Vite, page and workers) and the demo, end to end.
source "$(dirname "$0")/lib.sh"
setup

step "cargo fmt --check"
cargo fmt --all --check

step "clippy: server and client (with the registry), native"
cargo clippy --workspace --all-targets --all-features --locked -- -D warnings

step "clippy: client, wasm32, default entry and registry"
cargo clippy -p lro-web --target wasm32-unknown-unknown --all-targets --locked -- -D warnings
cargo clippy -p lro-web --target wasm32-unknown-unknown --all-targets --features registry --locked -- -D warnings

step "native tests"
cargo test --workspace --all-features --locked

step "npm pack (release build: size profile, binaryen wasm-opt -Oz)"
npm pack --pack-destination "$OUT"
tarball="$OUT/lro-web-$(node -p 'require("./package.json").version').tgz"

step "size budget: the default entry's wasm + JS at most 60 KB gzip (issue 7, P1)"
node bench/size.mjs --budget 60000

step "TypeScript: the package's types, tsc --strict"
tsc -p tests/types

step "consumer project: install the tarball, tsc, vite build"
(cd tests/consumer && npm install --no-save --no-package-lock --no-audit --no-fund "$tarball")
tsc -p tests/consumer
vite build tests/consumer --logLevel warn

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
# Built with the registry, so that tests/registry.rs runs too; the other suites'
# clients register nothing, so they see what the default entry does.
wasm-pack test --headless --chrome --chromedriver "$CHROMEDRIVER" -- --locked --features registry \
  --test web --test wait --test payloads --test registry --test faults --test load

step "end to end (playwright-core, headless Chromium): consumer project and demo page"
rm -rf www/pkg
cp -r dist www/pkg
consumer=$(free_port) demo=$(free_port)
start_server "$consumer" --www tests/consumer
start_server "$demo" --www www
# The restart test starts (and kills) its own server, with --state.
LRO_CONSUMER_URL="http://127.0.0.1:$consumer" LRO_DEMO_URL="http://127.0.0.1:$demo" \
  LRO_RESTART_URL="http://127.0.0.1:$(free_port)" LRO_RESTART_STATE="$OUT/restart-state.redb" \
  LRO_SERVER_BIN="$ROOT/target/debug/lro-server" \
  node --test tests/e2e/

step "TypeScript: the benchmark page, tsc --strict (connect-web code generated from the server's set)"
node bench/gen.mjs "http://127.0.0.1:$consumer/descriptors.binpb"
tsc -p bench
