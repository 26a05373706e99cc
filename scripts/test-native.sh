#!/usr/bin/env bash
# npm run test:native: the README's contract tables held to the tests that
# name their rows (scripts/check-rows.mjs), the JS decisions' table tests,
# formatting, clippy (natively, and for wasm32 with and
# without the registry) and the native tests of both crates.
source "$(dirname "$0")/lib.sh"
setup

step "the README's failure, wait-option and page tables: a test names each row"
node scripts/check-rows.mjs >"$OUT/rows.txt" || { cat "$OUT/rows.txt"; exit 1; }

step "the JS entries' decisions, table tests (node --test tests/js/)"
node --test tests/js/

step "cargo fmt --check"
cargo fmt --all --check

step "clippy: server and client (with the registry), native"
cargo clippy "${NATIVE_BUILD[@]}" -- -D warnings

step "clippy: client, wasm32, default entry and registry"
cargo clippy -p lro-web --target wasm32-unknown-unknown --all-targets --locked -- -D warnings
cargo clippy -p lro-web --target wasm32-unknown-unknown --all-targets --features registry,fuzzing --locked -- -D warnings

step "native tests"
cargo test "${NATIVE_BUILD[@]}"
