#!/usr/bin/env bash
# The npm package as users get it: npm pack (the release build), the default
# entry's size budget, the package's types under tsc --strict, and a consumer
# project that installs the tarball (tsc, vite build). Part of npm test and
# of npm run test:e2e.
source "$(dirname "$0")/lib.sh"
setup

step "npm pack (release build: pinned nightly, size profile, binaryen wasm-opt -Oz)"
npm pack --pack-destination "$OUT"
tarball="$OUT/lro-web-$(node -p 'require("./package.json").version').tgz"

step "size budgets: each entry's wasm + JS, gzip (bench/size.mjs BUDGETS)"
node bench/size.mjs --budgets

step "the release modules: no core::fmt, no file path"
node scripts/check-module.mjs

step "TypeScript: the package's types, tsc --strict"
tsc -p tests/types

step "consumer project: install the tarball, tsc, vite build"
(cd tests/consumer && npm install --no-save --no-package-lock --no-audit --no-fund "$tarball")
tsc -p tests/consumer
vite build tests/consumer --logLevel warn
