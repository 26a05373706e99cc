#!/usr/bin/env bash
# npm run test:browser [-- [--chrome|--firefox] [SUITE...]]: the wasm-pack
# browser suites (tests/*.rs; all by default) in headless Chromium and
# Firefox (both by default), against the reference servers they need.
#   npm run test:browser -- wait --firefox
source "$(dirname "$0")/lib.sh"
setup
browsers=() suites=()
for arg in "$@"; do
  case "$arg" in
    --chrome) browsers+=(chrome) ;;
    --firefox) browsers+=(firefox) ;;
    *) suites+=("$arg") ;;
  esac
done
[ ${#browsers[@]} -gt 0 ] || browsers=(chrome firefox)
start_test_servers
for browser in "${browsers[@]}"; do
  step "browser tests (wasm-pack test, headless $browser): ${suites[*]:-every suite}"
  run_browser_suites "$browser" "${suites[@]}"
done
