#!/usr/bin/env bash
# npm test: every stage, in order, each also runnable alone:
#   npm run test:native    lints and native tests
#   (package)              npm pack, the size budget, types, the consumer project
#   npm run test:browser   the wasm-pack suites in headless Chromium and Firefox
#   npm run test:e2e       consumer project and demo page, end to end
#   npm run test:runtimes  the packed package in Node.js, Deno and Bun
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/test-native.sh
bash scripts/test-package.sh
bash scripts/test-browser.sh
LRO_PACKED=1 bash scripts/test-e2e.sh
LRO_PACKED=1 bash scripts/test-runtimes.sh
