#!/usr/bin/env bash
# npm run test:native: formatting, clippy (natively, and for wasm32 with and
# without the registry) and the native tests of both crates.
source "$(dirname "$0")/lib.sh"
setup

step "cargo fmt --check"
cargo fmt --all --check

step "clippy: server and client (with the registry), native"
cargo clippy --workspace --all-targets --all-features --locked -- -D warnings

step "clippy: client, wasm32, default entry and registry"
cargo clippy -p lro-web --target wasm32-unknown-unknown --all-targets --locked -- -D warnings
cargo clippy -p lro-web --target wasm32-unknown-unknown --all-targets --features registry,fuzzing --locked -- -D warnings

step "native tests"
cargo test --workspace --all-features --locked
