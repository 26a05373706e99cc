#!/usr/bin/env bash
# npm run bench:wait: the wait benchmark in headless Chromium against the
# reference server (about 70 s). LRO_BENCH_JOB_MS and LRO_BENCH_RUNS tune it.
# Its server listens on a free port (not the browser suites' fixed directory
# port), whose URL the benchmark is built with.
source "$(dirname "$0")/lib.sh"
setup
export SERVER_PROFILE=release
port=$(free_port)
start_server "$port"
export LRO_BENCH_URL="http://127.0.0.1:$port"
export WASM_BINDGEN_TEST_TIMEOUT=600
wasm-pack test --release --headless --chrome --chromedriver "$CHROMEDRIVER" -- --locked --test bench_wait -- --nocapture
