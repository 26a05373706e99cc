#!/usr/bin/env bash
# npm run bench:wait: the wait benchmark in headless Chromium against the
# reference server (about 70 s). LRO_BENCH_JOB_MS and LRO_BENCH_RUNS tune it.
source "$(dirname "$0")/lib.sh"
setup
export SERVER_PROFILE=release
start_test_servers
export WASM_BINDGEN_TEST_TIMEOUT=600
wasm-pack test --release --headless --chrome --chromedriver "$CHROMEDRIVER" -- --locked --test bench_wait -- --nocapture
