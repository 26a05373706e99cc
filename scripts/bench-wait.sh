#!/usr/bin/env bash
# npm run bench:wait: the wait benchmark (P4, P5) in headless Chromium against
# the reference servers, with and without WaitOperation (about 2 min); its
# table goes to test-output/bench-wait.md. LRO_BENCH_JOB_MS and LRO_BENCH_RUNS tune it.
source "$(dirname "$0")/lib.sh"
setup
export SERVER_PROFILE=release
start_test_servers
export WASM_BINDGEN_TEST_TIMEOUT=600
wasm-pack test --release --headless --chrome --chromedriver "$CHROMEDRIVER" -- --locked --test bench_wait -- --nocapture |
  tee "$OUT/bench-wait.log"
# The table, for BENCHMARKS.md (bench/report.mjs).
grep '^|' "$OUT/bench-wait.log" >"$OUT/bench-wait.md"
