#!/usr/bin/env bash
# npm run demo: builds the release npm package into www/pkg and serves the demo
# page and gRPC-Web from lro-server on 127.0.0.1:8080 (PORT overrides).
source "$(dirname "$0")/lib.sh"
setup

step "release build of the npm package, copied to www/pkg"
bash scripts/build-package.sh
rm -rf www/pkg
cp -r dist www/pkg

step "lro-server"
cargo build -p lro-server --locked
port=${PORT:-8080}
echo
echo "  lro-web demo: http://127.0.0.1:$port/"
echo
exec "$ROOT/target/debug/lro-server" --addr "127.0.0.1:$port" --www "$ROOT/www"
