#!/usr/bin/env bash
# npm run bench: lro-web against connect-web (P1 size, P2 GetOperation
# latency, P3 a 1,000-operation page), lro-web's memory and concurrent waits
# (P6, P7), its waits that share (P8 a get's latency while waits run, P9
# done -> resolved within and beyond the long-poll budget, P10 RPCs of waits
# on one operation), then the wait benchmark (P4, P5), then how fast waits
# come back after an outage and after a resume (P11, P12), and both clients'
# cold start on a slow link (P13). Release builds, headless Chromium, one
# reference server. Tables go to stdout and test-output/; two figures, the
# default entry's bytes by part and P8, to bench/figures/; then BENCHMARKS.md
# is written from them and bench/methods.md.
source "$(dirname "$0")/lib.sh"
load_start=$(cut -d' ' -f1 /proc/loadavg)
setup
export SERVER_PROFILE=release
step "release build of the package"
bash scripts/build-package.sh
step "the default entry's bytes by part (bench/figures/size-by-part.svg)"
# The default entry's module with its function names (the shipped one's twin),
# which the package build leaves there.
names=target/package/default.names.wasm
if [ ! -f "$names" ]; then
  echo "$names is missing: the package build leaves the default entry's module with names there" >&2
  exit 1
fi
node bench/anatomy.mjs "$names"
port=$(free_port)
start_server "$port" --www bench/dist
step "connect-web client: protoc-gen-es on the server's own descriptor set"
node bench/gen.mjs "http://127.0.0.1:$port/descriptors.binpb"
vite build --config bench/vite.config.js
step "P1, P2, P3, P6 to P10, P13"
LRO_BENCH_URL="http://127.0.0.1:$port" node bench/run.mjs
step "P4, P5: the wait benchmark"
bash scripts/bench-wait.sh

step "P11, P12: waits after an outage and after a resume (the packed package in the consumer project)"
npm pack --pack-destination "$OUT" >/dev/null
tarball="$OUT/lro-web-$(node -p 'require("./package.json").version').tgz"
(cd tests/consumer && npm install --no-save --no-package-lock --no-audit --no-fund "$tarball" >/dev/null)
consumer=$(free_port)
start_server "$consumer" --www tests/consumer
LRO_CONSUMER_URL="http://127.0.0.1:$consumer" node bench/lifecycle.mjs

step "BENCHMARKS.md, from this run's tables (bench/report.mjs, bench/methods.md)"
node bench/report.mjs "$load_start"
