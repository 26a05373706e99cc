#!/usr/bin/env bash
# Builds the npm package's contents into dist/: the release wasm (size profile,
# binaryen's wasm-opt -Oz), wasm-bindgen's glue, and the entry from js/.
# Run by `npm pack` (prepack) and by `npm run demo`.
source "$(dirname "$0")/lib.sh"
setup >/dev/null
wasm-pack build --release --target web --out-dir dist --no-pack
# wasm-pack leaves a .gitignore of "*", which would empty the npm package.
rm -f dist/.gitignore dist/README.md dist/package.json
cp js/index.js js/index.d.ts dist/
