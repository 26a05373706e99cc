#!/usr/bin/env bash
# npm run test:e2e:load [runs]: the end-to-end stage `runs` times in a row
# (5 unless told) while a release build of the workspace, cleaned and started
# again in a loop in a target directory of its own, keeps every core busy.
# It stops at the first red run. The package is packed once, first.
source "$(dirname "$0")/lib.sh"
setup
runs=${1:-5}
bash scripts/test-package.sh

load_dir=$(mktemp -d)
# A process group of its own, so that the build is stopped with its loop.
CARGO_TARGET_DIR="$load_dir" setsid bash -c 'while :; do
  cargo clean -q
  cargo build -q --release --workspace --locked >/dev/null 2>&1
done' &
load_pid=$!
trap 'kill -- -"$load_pid" 2>/dev/null || true; rm -rf "$load_dir" || true' EXIT

for run in $(seq "$runs"); do
  step "end to end under load: run $run of $runs (load average $(cut -d' ' -f1 /proc/loadavg))"
  LRO_PACKED=1 bash scripts/test-e2e.sh
done
step "$runs runs in a row green, under a looping release build"
