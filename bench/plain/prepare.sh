#!/usr/bin/env bash
# bench/plain/prepare.sh: the benchmark's plain Apollo Server, ready to run as
# `node bench/plain/.build/server.js`. It has its own install (bench/plain/package-lock.json:
# @apollo/server as published, as a team's own server would have it), made on first use and
# again whenever the lock file is newer, with no install scripts; nothing of it enters the
# project's node_modules, and it reads nothing from there.
set -euo pipefail
cd "$(dirname "$0")"
if [[ ! node_modules/.package-lock.json -nt package-lock.json ]]; then
  npm ci --ignore-scripts --no-audit --no-fund > /dev/null
fi
../../node_modules/.bin/tsc -p tsconfig.json
