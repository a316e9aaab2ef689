#!/usr/bin/env bash
# bench/mesh/run.sh: the gateway, plain (on Apollo as published) and GraphQL Mesh with Hive
# Gateway over the same bePaid stand-in, Q1 and Q2, alternated round by round; prints each
# server's median requests/s and p99, and the gateway's ratios. Issue 11's independent check
# wants the gateway at 2× Mesh or more on Q1 and Q2.
#
# Mesh composes the stand-in's REST description (bench/mesh/openapi.json) into a supergraph
# (mesh-compose) that Hive Gateway serves, both as their docs show, default settings. Mesh's
# field names follow the REST names (first_name), the gateway's are camelCase: the queries ask
# for the same fields under each one's names. Installs bench/mesh's own dependencies on first use
# (npm ci from bench/mesh/package-lock.json); nothing of Mesh enters the project's.
#
#   bench/mesh/run.sh                       # 3 rounds of 8 s
#   ROUNDS=5 SECONDS_PER_RUN=10 MESH_FLAGS=--jit bench/mesh/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds=${ROUNDS:-3}
seconds=${SECONDS_PER_RUN:-8}
[[ -x bench/mesh/node_modules/.bin/hive-gateway ]] || npm ci --prefix bench/mesh --no-audit --no-fund > /dev/null
npm run -s build > /dev/null
npx --no-install tsc -p bench/tsconfig.json
node bench/stock-apollo.mjs > /dev/null

port() { node -e 'const s = require("node:net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })'; }
up_port=$(port); gw_port=$(port); plain_port=$(port); mesh_port=$(port)
pids=()
trap 'kill "${pids[@]}" 2> /dev/null || true' EXIT
NODE_ENV=production PORT=$up_port HOST=127.0.0.1 node bench/.build/upstream.js > /dev/null 2>&1 &
pids+=($!)
env NODE_ENV=production PORT=$gw_port HOST=127.0.0.1 GATEWAY_ALLOW_ANONYMOUS=true BEPAID_API_URL=http://127.0.0.1:$up_port \
  BEPAID_SHOP_ID=1 BEPAID_SECRET_KEY=x node dist/main.js > >(cat > /dev/null) 2>&1 &
pids+=($!)
NODE_ENV=production PORT=$plain_port HOST=127.0.0.1 UPSTREAM_URL=http://127.0.0.1:$up_port node bench/.build/plain.js > /dev/null 2>&1 &
pids+=($!)
(cd bench/mesh && UPSTREAM_URL=http://127.0.0.1:$up_port node_modules/.bin/mesh-compose -o .supergraph.graphql > /dev/null)
(cd bench/mesh && NODE_ENV=production exec node_modules/.bin/hive-gateway supergraph .supergraph.graphql -p "$mesh_port" ${MESH_FLAGS:-} > /dev/null 2>&1) &
pids+=($!)

id=$(node -e 'import("./bench/.build/customers.fixture.js").then(({ customerId }) => console.log(customerId(41)))')
body() { node -e 'console.log(JSON.stringify({ query: process.argv[1] }))' "$1"; }
declare -A query=(
  [gateway/Q1]=$(body "{ customer(id: \"$id\") { id firstName lastName email country } }")
  [plain/Q1]=$(body "{ customer(id: \"$id\") { id firstName lastName email country } }")
  [mesh/Q1]=$(body "{ customer(id: \"$id\") { id first_name last_name email country } }")
  [gateway/Q2]=$(body "{ customers { id firstName email } }")
  [plain/Q2]=$(body "{ customers { id firstName email } }")
  [mesh/Q2]=$(body "{ customers { id first_name email } }")
)
declare -A url=([gateway]=http://127.0.0.1:$gw_port/graphql [plain]=http://127.0.0.1:$plain_port/graphql [mesh]=http://127.0.0.1:$mesh_port/graphql)
load() { npx --no-install autocannon "$@" -c 50 -m POST -H content-type=application/json; }

for server in gateway plain mesh; do
  for _ in $(seq 100); do curl -sf -o /dev/null -X POST -H content-type:application/json -d '{"query":"{ __typename }"}' "${url[$server]}" && break; sleep 0.2; done
  for q in Q1 Q2; do
    # Each answers with data and no errors before anything is timed.
    answer=$(curl -s -X POST -H content-type:application/json -d "${query[$server/$q]}" "${url[$server]}")
    [[ $answer == '{"data":'* && $answer != *'"errors"'* ]] || { echo "$server $q answered: ${answer:0:200}" >&2; exit 1; }
  done
done

results=$(mktemp)
for q in Q1 Q2; do
  for server in gateway plain mesh; do load -d 3 -b "${query[$server/$q]}" "${url[$server]}" > /dev/null 2>&1; done
  for round in $(seq "$rounds"); do
    for server in gateway plain mesh; do
      load -j -d "$seconds" -b "${query[$server/$q]}" "${url[$server]}" 2> /dev/null |
        node -e 'let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => { const r = JSON.parse(s); console.log([process.argv[1], process.argv[2], process.argv[3], Math.round(r.requests.average), r.latency.p99, r.errors + r.non2xx + r.timeouts].join("\t")); })' "$q" "$round" "$server" |
        tee -a "$results"
    done
  done
done
node -e '
  const rows = require("node:fs").readFileSync(process.argv[1], "utf8").trim().split("\n").map((line) => line.split("\t"));
  const median = (values) => { const s = values.map(Number).sort((a, b) => a - b); return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };
  for (const q of ["Q1", "Q2"]) {
    const of = (server, column) => median(rows.filter(([query, , name]) => query === q && name === server).map((row) => row[column]));
    const errors = rows.filter(([query]) => query === q).reduce((sum, row) => sum + Number(row[5]), 0);
    console.log(`${q}: req/s gateway ${of("gateway", 3)}, plain ${of("plain", 3)}, mesh ${of("mesh", 3)}; p99 ms ${of("gateway", 4)} / ${of("plain", 4)} / ${of("mesh", 4)}; errors ${errors}`);
    console.log(`${q}: gateway ÷ mesh ${(of("gateway", 3) / of("mesh", 3)).toFixed(2)}×, gateway ÷ plain ${(of("gateway", 3) / of("plain", 3)).toFixed(2)}×`);
  }
' "$results"
rm -f "$results"
