#!/usr/bin/env bash
# bench/mesh/run.sh: the gateway, plain (on Apollo as published, its own install: bench/plain)
# and GraphQL Mesh with Hive Gateway over the same bePaid stand-in, Q1 and Q2, alternated round
# by round; prints each server's median requests/s and p99, and the gateway's ratios. The
# gateway must answer 2× Mesh or more on Q1 and Q2. Every server runs on Node 24, as production
# does (NODE=/path/to/node for another).
#
# Mesh composes the stand-in's REST description (bench/mesh/openapi.json) into a supergraph
# (mesh-compose) that Hive Gateway serves, both as their docs show, default settings. Mesh's
# field names follow the REST names (first_name), the gateway's are camelCase: Mesh is asked for
# the benchmark's Q1 and Q2 fields under its names, and must answer the same data. Installs bench/mesh's own dependencies on first use
# (npm ci from bench/mesh/package-lock.json); nothing of Mesh enters the project's.
#
# The medians are also written to bench/results/mesh.txt.
#
#   bench/mesh/run.sh                       # 3 rounds of 8 s
#   ROUNDS=5 SECONDS_PER_RUN=10 MESH_FLAGS=--jit bench/mesh/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds=${ROUNDS:-3}
seconds=${SECONDS_PER_RUN:-8}
node=${NODE:-$(scripts/node-runtime.sh 24)}
echo "servers on Node $("$node" --version)"
[[ -x bench/mesh/node_modules/.bin/hive-gateway ]] || npm ci --ignore-scripts --prefix bench/mesh --no-audit --no-fund > /dev/null
npm run -s build > /dev/null
npx --no-install tsc -p bench/tsconfig.json
bench/plain/prepare.sh

port() { node -e 'const s = require("node:net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })'; }
up_port=$(port); gw_port=$(port); plain_port=$(port); mesh_port=$(port)
pids=()
trap 'kill "${pids[@]}" 2> /dev/null || true' EXIT
NODE_ENV=production PORT=$up_port HOST=127.0.0.1 "$node" bench/.build/upstream.js > /dev/null 2>&1 &
pids+=($!)
env NODE_ENV=production PORT=$gw_port HOST=127.0.0.1 GATEWAY_ALLOW_ANONYMOUS=true BEPAID_API_URL=http://127.0.0.1:$up_port \
  BEPAID_SHOP_ID=1 BEPAID_SECRET_KEY=x "$node" dist/main.js > >(cat > /dev/null) 2>&1 &
pids+=($!)
NODE_ENV=production PORT=$plain_port HOST=127.0.0.1 UPSTREAM_URL=http://127.0.0.1:$up_port "$node" bench/plain/.build/server.js > /dev/null 2>&1 &
pids+=($!)
(cd bench/mesh && UPSTREAM_URL=http://127.0.0.1:$up_port "$node" node_modules/.bin/mesh-compose -o .supergraph.graphql > /dev/null 2>&1)
(cd bench/mesh && NODE_ENV=production exec "$node" node_modules/.bin/hive-gateway supergraph .supergraph.graphql -p "$mesh_port" ${MESH_FLAGS:-} > /dev/null 2>&1) &
pids+=($!)

# The gateway's and plain's texts are the benchmark's own (bench/queries.ts); Mesh's ask for the
# same fields under its REST names (firstName → first_name).
texts=$(node -e '
  import("./bench/.build/queries.js").then(({ QUERIES }) => {
    for (const name of ["Q1", "Q2"]) {
      const graphql = QUERIES.find((q) => q.name === name).graphql;
      const mesh = graphql.replace(/\b([a-z]+)([A-Z])/g, (_, head, upper) => `${head}_${upper.toLowerCase()}`);
      console.log(JSON.stringify({ query: graphql }));
      console.log(JSON.stringify({ query: mesh }));
    }
  })')
mapfile -t text <<< "$texts"
declare -A query=(
  [gateway/Q1]=${text[0]} [plain/Q1]=${text[0]} [mesh/Q1]=${text[1]}
  [gateway/Q2]=${text[2]} [plain/Q2]=${text[2]} [mesh/Q2]=${text[3]}
)
declare -A url=([gateway]=http://127.0.0.1:$gw_port/graphql [plain]=http://127.0.0.1:$plain_port/graphql [mesh]=http://127.0.0.1:$mesh_port/graphql)
load() { npx --no-install autocannon "$@" -c 50 -m POST -H content-type=application/json; }

for server in gateway plain mesh; do
  for _ in $(seq 100); do curl -sf -o /dev/null -X POST -H content-type:application/json -d '{"query":"{ __typename }"}' "${url[$server]}" && break; sleep 0.2; done
done
# Before anything is timed, each answers each query with data, no errors, and the same data as
# the gateway once Mesh's keys are renamed back (first_name → firstName).
for q in Q1 Q2; do
  answers=()
  for server in gateway plain mesh; do answers+=("$(curl -s -X POST -H content-type:application/json -d "${query[$server/$q]}" "${url[$server]}")"); done
  node -e '
    const [q, ...answers] = process.argv.slice(1);
    // Keys only (a key is followed by its colon): values such as ids hold underscores too.
    const camel = (text) => text.replace(/"([a-z][a-z_]*)":/g, (_, key) => `"${key.replace(/_([a-z])/g, (__, next) => next.toUpperCase())}":`);
    const [gateway, plain, mesh] = answers.map((answer, i) => JSON.parse(i === 2 ? camel(answer) : answer));
    if (!gateway.data || gateway.errors || plain.errors || mesh.errors) throw new Error(`${q}: an answer holds errors or no data: ${answers.map((a) => a.slice(0, 200)).join(" | ")}`);
    const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
    if (!same(gateway, plain) || !same(gateway, mesh)) throw new Error(`${q}: the servers answer different data:\n${[gateway, plain, mesh].map((a) => JSON.stringify(a).slice(0, 300)).join("\n")}`);
  ' "$q" "${answers[@]}"
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
' "$results" | tee bench/results/mesh.txt
printf '(%s, servers on Node %s, %s rounds of %s s; bench/mesh/run.sh)\n' "$(date -u +%Y-%m-%dT%H:%MZ)" "$("$node" --version)" "$rounds" "$seconds" | tee -a bench/results/mesh.txt
rm -f "$results"
