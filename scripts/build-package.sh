#!/usr/bin/env bash
# Builds the npm package's contents into dist/: the release wasm (size profile,
# binaryen's wasm-opt -Oz) and wasm-bindgen's glue of both entries (lro-web,
# and lro-web/registry in dist/registry/, built with the "registry" feature),
# and the entries' JS from js/.
# Run by `npm pack` (prepack) and by `npm run demo`.
source "$(dirname "$0")/lib.sh"
setup >/dev/null
rm -rf dist
wasm-pack build --release --target web --out-dir dist --no-pack
wasm-pack build --release --target web --out-dir dist/registry --no-pack -- --features registry
# Short names between each module and its glue (see the script).
node scripts/minify-names.mjs dist
node scripts/minify-names.mjs dist/registry
# wasm-pack leaves a .gitignore of "*", which would empty the npm package.
rm -f dist/.gitignore dist/README.md dist/package.json
rm -f dist/registry/.gitignore dist/registry/README.md dist/registry/package.json
cp js/index.js js/index.d.ts js/common.js js/common.d.ts js/tabs.js dist/
cp js/registry/index.js js/registry/index.d.ts dist/registry/
