#!/usr/bin/env bash
# npm run fuzz: the long fuzz run, natively, in release: LRO_FUZZ_CASES (default
# 1,000,000) inputs per property of tests/fuzz.rs and of tests/registry_oracle.rs
# (the registry's decoder against prost-reflect). `npm test` runs 2,000.
set -euo pipefail
cd "$(dirname "$0")/.."
export LRO_FUZZ_CASES="${LRO_FUZZ_CASES:-1000000}"
echo "fuzzing with $LRO_FUZZ_CASES cases per property"
time cargo test --release --locked --all-features --test fuzz --test registry_oracle
