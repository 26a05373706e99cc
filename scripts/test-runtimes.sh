#!/usr/bin/env bash
# npm run test:runtimes: the packed package where no page is around, as a
# user's code or tests call it: imported by name from the consumer project
# (the "node", "deno" and "bun" export conditions), init() with no argument,
# against reference servers. One test file, tests/consumer/runtime.test.mjs,
# run by each runtime's own runner of node:test: Node.js (`node --test`),
# Deno (`deno test`) and Bun (`bun test`), the last two installed from the
# npm registry as dev dependencies. Then the consumer project's vitest suite,
# a user's tests of their own code that calls lro-web, in vitest's node and
# happy-dom environments. Packs first, unless npm test just did
# (LRO_PACKED=1).
source "$(dirname "$0")/lib.sh"
setup
[ "${LRO_PACKED:-}" = 1 ] || bash scripts/test-package.sh

plain=$(free_port) nowait=$(free_port) auth=$(free_port)
start_server "$plain"
start_server "$nowait" --no-wait
start_server "$auth" --auth
export LRO_CONSUMER_URL="http://127.0.0.1:$plain" LRO_NOWAIT_URL="http://127.0.0.1:$nowait" \
  LRO_AUTH_URL="http://127.0.0.1:$auth" LRO_DEAD_URL="http://127.0.0.1:$(free_port)"
file=tests/consumer/runtime.test.mjs

step "Node.js $(node --version): node --test"
node --test "$file"

step "Deno $(deno --version | awk 'NR==1 {print $2}'): deno test"
# No type check: the file is JS (a check would also ask for @types/node, for
# the package's declarations). Read, for the package's module; net, for the
# servers; env, for their URLs.
NO_COLOR=1 deno test --quiet --no-check --allow-read --allow-net=127.0.0.1 --allow-env "$file"

step "Bun $(bun --version): bun test"
bun test "./$file"

step "vitest $(vitest --version | awk -F'[/ ]' '{print $2}'): a user's tests of their app's code (tests/consumer/test), in node and happy-dom"
NO_COLOR=1 vitest run --root tests/consumer
