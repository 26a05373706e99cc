#!/usr/bin/env bash
# Builds the npm package's contents into dist/: the release wasm (size profile,
# binaryen's wasm-opt -Oz) and wasm-bindgen's glue of both entries (lro-web,
# and lro-web/registry in dist/registry/, built with the "registry" feature),
# and the entries' JS from js/.
# Run by `npm pack` (prepack) and by `npm run demo`.
#
# The release build uses the pinned nightly of scripts/release-toolchain, to
# rebuild std with the module (-Zbuild-std) so that a panic aborts at once
# (-Cpanic=immediate-abort: no panic messages, no formatting machinery) and
# carries no source location (-Zlocation-detail=none: no file paths, so the
# same bytes whatever the paths of the machine that builds). The README's
# size table has the figures. In its own target folder: the stable builds of
# the tests keep theirs.
source "$(dirname "$0")/lib.sh"
setup >/dev/null
rm -rf dist
release_build() {
  local out=$1
  shift
  env -u CARGO_ENCODED_RUSTFLAGS \
    RUSTUP_TOOLCHAIN="$RELEASE_TOOLCHAIN" \
    CARGO_TARGET_DIR="$ROOT/target/release-wasm" \
    RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none" \
    wasm-pack build --release --target web --out-dir "$out" --no-pack -- \
    --locked -Zbuild-std=std,panic_abort "$@"
}
# binaryen's passes, as measured in the README's size table.
WASM_OPT_PASSES=(-Oz --gufa -Oz --converge)
# optimize DIR NAME: the module of DIR optimized, its twin with function
# names kept in target/package/NAME.names.wasm (what scripts/check-module.mjs
# and the size anatomy read), then short names between the module and its
# glue (see minify-names.mjs), wasm-bindgen's generic code that the glue
# never runs dropped (see trim-glue.mjs), then no custom section.
optimize() {
  local dir=$1 twin="$ROOT/target/package/$2.names.wasm"
  mkdir -p "$ROOT/target/package"
  wasm-opt "$dir/lro_web_bg.wasm" "${WASM_OPT_PASSES[@]}" --debuginfo -o "$twin"
  wasm-opt "$twin" --strip-debug -o "$dir/lro_web_bg.wasm"
  node scripts/minify-names.mjs "$dir"
  node scripts/trim-glue.mjs "$dir"
  node scripts/strip-sections.mjs "$dir/lro_web_bg.wasm"
}
release_build dist --features package
release_build dist/registry --features registry,package
# The entries' JS first: each glue imports its folder's errors.js and
# options.js (the "package" feature), the registry's re-exporting the
# package's one copy of each.
cp js/index.js js/node.js js/runtime.js js/index.d.ts js/common.js js/common.d.ts js/tabs.js js/errors.js js/options.js dist/
cp js/registry/index.js js/registry/node.js js/registry/index.d.ts dist/registry/
mkdir -p dist/query dist/persist
cp js/query/index.js js/query/index.d.ts dist/query/
cp js/persist/index.js js/persist/store.js js/persist/decide.js js/persist/index.d.ts dist/persist/
for shared in errors options; do
  echo "export * from \"../$shared.js\";" >"dist/registry/$shared.js"
done
optimize dist default
optimize dist/registry registry
# wasm-pack leaves a .gitignore of "*", which would empty the npm package.
rm -f dist/.gitignore dist/README.md dist/package.json
rm -f dist/registry/.gitignore dist/registry/README.md dist/registry/package.json
