#!/usr/bin/env bash
# npm run check:reproducible: two release builds of the committed HEAD, in
# two clones at different paths, the second with stable's rust-src component
# installed (as rust-analyzer installs it), must give the same dist/: every
# .wasm and .js byte for byte. Each clone builds from nothing (about 4 min
# each on a 2-core machine), so npm test does not run it.
source "$(dirname "$0")/lib.sh"
setup >/dev/null
work=$(mktemp -d /tmp/lro-reproducible.XXXXXX)
added_rust_src=
cleanup() {
  [ -z "$added_rust_src" ] || rustup component remove rust-src --toolchain stable >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

build_in() {
  local dir=$1
  git clone --quiet --no-local "$ROOT" "$dir"
  # The npm tools (wasm-opt, node modules of the scripts) as installed here.
  ln -s "$ROOT/node_modules" "$dir/node_modules"
  (cd "$dir" && bash scripts/build-package.sh >"$dir.log" 2>&1) || {
    cat "$dir.log" >&2
    exit 1
  }
}

step "build 1: $work/a"
build_in "$work/a"
if ! rustup component list --installed --toolchain stable | grep -q '^rust-src'; then
  rustup component add rust-src --toolchain stable >/dev/null
  added_rust_src=1
fi
step "build 2: $work/elsewhere/with-rust-src/b (stable has rust-src)"
mkdir -p "$work/elsewhere/with-rust-src"
build_in "$work/elsewhere/with-rust-src/b"

step "the two dist/ folders"
if diff -r "$work/a/dist" "$work/elsewhere/with-rust-src/b/dist"; then
  (cd "$work/a/dist" && find . -type f | sort | xargs sha256sum)
  echo "identical: $(find "$work/a/dist" -type f | wc -l) files"
else
  echo "the two builds differ" >&2
  exit 1
fi
