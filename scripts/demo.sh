#!/usr/bin/env bash
# npm run demo: builds the release wasm package into www/pkg and serves the demo
# page and gRPC-Web from lro-server on 127.0.0.1:8080 (PORT overrides).
source "$(dirname "$0")/lib.sh"
setup

step "release build of the wasm package"
wasm-pack build --release --target web --out-dir www/pkg

step "lro-server"
cargo build -p lro-server --locked
port=${PORT:-8080}
echo
echo "  lro-web demo: http://127.0.0.1:$port/"
echo
exec "$ROOT/target/debug/lro-server" --addr "127.0.0.1:$port" --www "$ROOT/www"
