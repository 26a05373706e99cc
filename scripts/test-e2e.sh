#!/usr/bin/env bash
# npm run test:e2e: the packed package in a consumer project (Vite, page and
# workers) and the demo page, end to end with playwright-core in headless
# Chromium (and the waits across tabs in Firefox and WebKit, through their
# WebDriver servers), then the benchmark page under tsc. Packs first, unless npm test
# just did (LRO_PACKED=1).
source "$(dirname "$0")/lib.sh"
setup
[ "${LRO_PACKED:-}" = 1 ] || bash scripts/test-package.sh

step "end to end (playwright-core in headless Chromium; WebDriver windows in Firefox and WebKit for the waits across tabs)"
rm -rf www/pkg
cp -r dist www/pkg
consumer=$(free_port) demo=$(free_port) auth=$(free_port) nowait=$(free_port)
start_server "$consumer" --www tests/consumer
start_server "$demo" --www www
start_server "$auth" --auth
start_server "$nowait" --no-wait
# The files run one at a time (--test-concurrency=1), whatever the machine's
# cores: they share these servers, and iterators.test.mjs and lifecycle's
# scenarios cut the consumer's server with outages. The restart test starts
# (and kills) its own server, with --state.
LRO_CONSUMER_URL="http://127.0.0.1:$consumer" LRO_DEMO_URL="http://127.0.0.1:$demo" \
  LRO_AUTH_URL="http://127.0.0.1:$auth" LRO_NOWAIT_URL="http://127.0.0.1:$nowait" \
  LRO_RESTART_URL="http://127.0.0.1:$(free_port)" LRO_RESTART_STATE="$OUT/restart-state.redb" \
  LRO_SERVER_BIN="$ROOT/target/debug/lro-server" \
  node --test --test-concurrency=1 tests/e2e/

step "TypeScript: the benchmark page, tsc --strict (connect-web code generated from the server's set)"
node bench/gen.mjs "http://127.0.0.1:$consumer/descriptors.binpb"
tsc -p bench
