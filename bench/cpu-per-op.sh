#!/usr/bin/env bash
# bench/cpu-per-op.sh <Q0|Q1|Q2|Q3|Q4> <server>... : the CPU each server spends per operation,
# the servers alternated round by round. A server is `plain` or a gateway build directory
# (`dist`, or a copy of an older build inside the repository, e.g. `.dist-before`); a build
# directory with `:otel` after it runs with traces on, every operation sampled and exported
# over OTLP/HTTP to a sink on loopback (bench/otlp-sink.ts), as `npm run bench`'s gateway-otel.
#
# CPU per operation is the server process's user+system time (all its threads, from
# /proc/<pid>/stat) over the operations autocannon completed: unlike requests per second it
# barely moves when other processes load the machine, so two builds can be compared on a busy
# one. Run `npm run build` and `npx tsc -p bench/tsconfig.json` first. plain runs on Apollo as
# published, from its own install (bench/plain/prepare.sh), as in `npm run bench`. The servers run
# on Node 24, as production and `npm run bench` do; NODE=/path/to/node runs them on another.
#
#   ROUNDS=5 SECONDS_PER_RUN=4 bench/cpu-per-op.sh Q1 .dist-before dist
#   PROFILE=1 bench/cpu-per-op.sh Q3 dist       # also writes bench/.profiles/<server>-<query>/*.cpuprofile
#   GATEWAY_ENV="LOG_LEVEL=warn" bench/cpu-per-op.sh Q0 dist
#   NODE=$(command -v node) bench/cpu-per-op.sh Q1 dist plain   # on this machine's Node instead
#   ACCEPT="application/graphql-response+json,application/json;q=0.9" bench/cpu-per-op.sh Q0 dist plain
#                                               # every request with that Accept header (Apollo Client's)
#   ROUNDS=7 bench/cpu-per-op.sh Q1 dist dist:otel   # what traces cost per operation
set -euo pipefail
cd "$(dirname "$0")/.."
query=${1:?usage: bench/cpu-per-op.sh <query> <server>...}
shift
(($# > 0)) || { echo "name at least one server: plain, or a gateway build directory" >&2; exit 2; }
rounds=${ROUNDS:-5}
seconds=${SECONDS_PER_RUN:-4}
body=$(node -e "import('./bench/.build/queries.js').then(({ QUERIES }) => process.stdout.write(JSON.stringify({ query: QUERIES.find((q) => q.name === '$query').graphql })))")
node=${NODE:-$(scripts/node-runtime.sh 24)}
if [[ " $* " == *" plain "* ]]; then bench/plain/prepare.sh; fi
headers=(-H content-type=application/json)
[[ -n ${ACCEPT:-} ]] && headers+=(-H "accept=$ACCEPT")
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
port() { node -e 'const s = require("node:net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })'; }
results=$(mktemp)
trap 'rm -f "$results"' EXIT

run_once() { # <server> <round>
  local server=$1 up_port srv_port up srv profile=() build=${1%:otel} traces=() sink=
  up_port=$(port); srv_port=$(port)
  if [[ $server == *:otel ]]; then
    local sink_port
    sink_port=$(port)
    NODE_ENV=production PORT=$sink_port "$node" bench/.build/otlp-sink.js > /dev/null 2>&1 &
    sink=$!
    traces=(OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:$sink_port OTEL_TRACES_SAMPLER=always_on)
  fi
  NODE_ENV=production PORT=$up_port HOST=127.0.0.1 "$node" bench/.build/upstream.js > /dev/null 2>&1 &
  up=$!
  if [[ -n ${PROFILE:-} ]]; then
    mkdir -p "bench/.profiles/${server//\//_}-$query"
    profile=(--cpu-prof --cpu-prof-dir "bench/.profiles/${server//\//_}-$query")
  fi
  sleep 0.5
  if [[ $server == plain ]]; then
    NODE_ENV=production PORT=$srv_port HOST=127.0.0.1 UPSTREAM_URL=http://127.0.0.1:$up_port "$node" "${profile[@]}" bench/plain/.build/server.js > /dev/null 2>&1 &
  else
    # Its log lines go to a pipe someone drains, as in `npm run bench`.
    env NODE_ENV=production PORT=$srv_port HOST=127.0.0.1 GATEWAY_ALLOW_ANONYMOUS=true BEPAID_API_URL=http://127.0.0.1:$up_port \
      BEPAID_SHOP_ID=1 BEPAID_SECRET_KEY=x "${traces[@]}" ${GATEWAY_ENV:-} "$node" "${profile[@]}" "$build/main.js" > >(cat > /dev/null) 2>&1 &
  fi
  srv=$!
  for _ in $(seq 50); do curl -sf -o /dev/null -X POST -H 'content-type: application/json' -d '{"query":"{ __typename }"}' "http://127.0.0.1:$srv_port/graphql" && break; sleep 0.1; done
  npx --no-install autocannon -c 50 -d 2 -m POST "${headers[@]}" -b "$body" "http://127.0.0.1:$srv_port/graphql" > /dev/null 2>&1
  local before after json
  before=$(cpu_ticks $srv)
  json=$(npx --no-install autocannon -j -c 50 -d "$seconds" -m POST "${headers[@]}" -b "$body" "http://127.0.0.1:$srv_port/graphql" 2> /dev/null)
  after=$(cpu_ticks $srv)
  kill -INT $srv 2> /dev/null || true; wait $srv 2> /dev/null || true
  kill $up 2> /dev/null || true; wait $up 2> /dev/null || true
  if [[ -n $sink ]]; then kill $sink 2> /dev/null || true; wait $sink 2> /dev/null || true; fi
  node -e '
    const [json, server, round, ticks, hz] = process.argv.slice(1);
    const r = JSON.parse(json);
    const bad = r.errors + r.non2xx + r.timeouts;
    console.log([round, server, Math.round(r.requests.average), r.latency.p99, ((ticks / hz) * 1e6 / r.requests.total).toFixed(1), bad].join("\t"));
  ' "$json" "$server" "$2" "$((after - before))" "$(getconf CLK_TCK)" | tee -a "$results"
}

echo "servers on Node $("$node" --version)"
printf 'round\tserver\treq/s\tp99 ms\tCPU µs/op\terrors\n'
for round in $(seq "$rounds"); do
  for server in "$@"; do run_once "$server" "$round"; done
done
echo "medians of CPU µs per operation:"
for server in "$@"; do
  awk -F'\t' -v s="$server" '$2 == s { print $5 }' "$results" | sort -n | awk -v s="$server" '{ v[NR] = $1 } END { printf "  %s\t%s\n", s, (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'
done
