#!/usr/bin/env bash
# npm run mutation [-- stryker options]: StrykerJS (stryker.config.mjs) on Node 24, which it needs
# (Node 22+) and which scripts/node-runtime.sh provides from a cache folder. Options pass through,
# e.g. npm run mutation -- --mutate src/bepaid/failure.ts --concurrency 1
set -euo pipefail
cd "$(dirname "$0")/.."
node24=$(scripts/node-runtime.sh 24)
# On PATH, so Stryker and the test processes it starts all run on that binary.
PATH="$(dirname "$node24"):$PATH" exec npx --no-install stryker run "$@"
