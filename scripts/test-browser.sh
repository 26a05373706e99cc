#!/usr/bin/env bash
# npm run test:browser [-- [--chrome|--firefox|--webkit] [SUITE...]]: the
# wasm-pack browser suites (tests/*.rs; all by default) in headless
# Chromium, Firefox and WebKit (all three by default), against the
# reference servers they need.
#   npm run test:browser -- wait --webkit
source "$(dirname "$0")/lib.sh"
setup
browsers=() suites=()
for arg in "$@"; do
  case "$arg" in
    --chrome) browsers+=(chrome) ;;
    --firefox) browsers+=(firefox) ;;
    --webkit) browsers+=(webkit) ;;
    *) suites+=("$arg") ;;
  esac
done
[ ${#browsers[@]} -gt 0 ] || browsers=("${BROWSERS[@]}")
start_test_servers
for browser in "${browsers[@]}"; do
  step "browser tests (wasm-pack test, headless $browser): ${suites[*]:-every suite}"
  run_browser_suites "$browser" "${suites[@]}"
done
