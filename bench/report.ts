import type { Environment } from "./environment.js";
import type { BenchQuery, ServerName } from "./queries.js";
import type { ListCacheGain, Ratio, RedisCost, Row, Sample, TracingCost } from "./results.js";
import type { Settings } from "./settings.js";
import type { TargetCheck } from "./targets.js";

/** Everything one benchmark run found: what `latest.json` holds and `latest.md` shows. */
export interface BenchReport {
  environment: Environment;
  settings: Settings;
  wall_s: number;
  runs: Row[];
  ratios: Ratio[];
  targets: TargetCheck[];
  /** Q4k on gateway-redis against gateway; `null` when Q4k did not run. */
  redis_cost: RedisCost | null;
  /** Why Q4k did not run, when it did not. */
  redis_skipped?: string;
  /** Q5 on gateway-list-cache against gateway-list; `null` when Q5 did not run. */
  list_cache: ListCacheGain | null;
  /** Q1 on gateway-otel against gateway; `null` when either did not run it. */
  tracing_cost: TracingCost | null;
  /** Upstream calls of one operation sent alone, before the load, keyed `server/query`. */
  single_operation_calls: { [key: string]: number };
  samples: Sample[];
}

const SERVER_NOTES: Record<ServerName, string> = {
  upstream:
    "the bePaid stand-in itself, loaded directly with the raw REST call: Q1 `GET /customers/:id`, Q2 `GET /customers` (every field of 100 customers, so a bigger answer than the GraphQL ones), Q4 `POST /customers`. Q0 and Q3 have no single REST call: n/a",
  bare: "node:http, one route per query, each reading a small JSON body and writing the same `{\"data\":…}` as GraphQL, over a keep-alive `http.Agent`: Q0 answers `__typename` without calling upstream; Q1 one GET, 5 fields picked and renamed; Q2 the list GET, 3 fields of each; Q3 the 5 distinct GETs in parallel, assembled into the 10 aliases; Q4 one POST, the answer's 5 fields",
  plain: "Apollo Server 5 `startStandaloneServer`, SDL with the gateway's type and field names, graphql-js resolvers, global `fetch`, a DataLoader per request; on `@apollo/server` as published from its own install (`bench/plain/package-lock.json`, the same versions as the gateway's), as a hand-written server would run",
  gateway:
    "this project: `npm run build`, then `node dist/main.js` with default settings (and whatever it logs per operation going to a pipe the harness drains, as a log shipper would)",
  "gateway-redis":
    "the same build and settings as gateway, plus `REDIS_URL=redis://127.0.0.1:6379/0` and a `REDIS_PREFIX` of this run's own (its keys are removed at the end): idempotency records in Redis instead of memory. It runs Q4k only, the create with a fresh `Idempotency-Key` per request, beside gateway (memory store) running the same",
  "gateway-list":
    "the same build and settings as gateway, for a shop whose `GET /customers` answers 30,000 customers (about 7 MB): every Q5 operation reads the whole list from the stand-in and answers a page of 20. It runs Q5 only",
  "gateway-list-cache":
    "gateway-list plus `GATEWAY_LIST_CACHE_TTL_MS=3600000`: the list is read once (the check before the load) and every measured operation pages the cached list, so this is a warm cache. It runs Q5 only",
  "gateway-otel":
    "the same build and settings as gateway, plus `OTEL_EXPORTER_OTLP_ENDPOINT` (a sink on loopback that answers every export at once without decoding it, `bench/otlp-sink.ts`) and `OTEL_TRACES_SAMPLER=always_on`: every operation's three spans (server, operation, bePaid call) are built and exported over OTLP/HTTP protobuf in batches. It runs Q1 only, beside gateway running the same",
};

/** `latest.md`: how it was measured, the full table, the ratios and the issue's targets; `chart` names the SVG beside it. */
export function renderMarkdown(report: BenchReport, queries: readonly BenchQuery[], chart = "latest.svg"): string {
  const { environment: env, settings: s } = report;
  const lines = [
    "# Benchmark: what the gateway adds on top of the call it wraps",
    "",
    `${env.date} · Node ${env.node}${env.harness_node === env.node ? "" : ` (servers; harness and load generator on ${env.harness_node})`} · ${env.cpu} · ${env.cores} cores · Linux ${env.kernel} · gateway ${env.gateway_commit}${env.src_modified ? " (with uncommitted changes in src/)" : ""}`,
    "",
    `Mode **${s.mode}**: ${s.connections} connections, pipelining ${s.pipelining}, ${s.warmup_s} s warm-up per server and query (not counted), then ${s.rounds} rounds of ${s.duration_s} s; whole run ${Math.round(report.wall_s)} s.${s.mode === "quick" ? " Quick runs are short: use them to see that the harness works, and a full run (`npm run bench`) for decisions." : ""}`,
    "",
    `![requests per second per query and server](${chart})`,
    "",
    "## How",
    "",
    `- Everything on loopback on one ${env.cores}-core machine: the load generator (autocannon, its own process), the server under test and the stand-in compete for the same cores, so the numbers compare servers; they are not capacity figures.`,
    "- For each query every server is warmed up, then each round runs every server once, in an order rotated per round and per query, so drift hits all alike. Rows are the median of the rounds.",
    "- Latencies are exact per response (not histogram buckets). Load is closed-loop: every server gets the same fixed connections, which is what \"p99 at the same load\" compares; a server that answers faster also gets more requests. Errors are connection errors, timeouts, non-2xx answers, and bodies that are not `{\"data\":…}` or that hold `\"errors\"`.",
    "- autocannon is one thread: the fastest rows (upstream, bare Q0/Q4) measure the load generator nearly as much as the server, so they are floors of the floor rather than exact ceilings.",
    "- Upstream calls per operation: the stand-in's counter, reset before each run and read once it settles, over the requests sent (requests in flight when a run stops count on both sides).",
    "- Peak RSS: the server process's `VmHWM`, restarted before each run through `/proc/<pid>/clear_refs`; the row shows the highest of its rounds.",
    `- ${noiseNote(report.samples)}`,
    "- upstream, bare and plain are compiled by `tsc` (`bench/tsconfig.json` → `bench/.build/`, `bench/plain/tsconfig.json` → `bench/plain/.build/`) and run by `node`, as the gateway is: no tsx loader anywhere. Every server runs with `NODE_ENV=production`, on the same Node binary (Node 24 unless `--node` named another).",
    "",
    ...Object.entries(SERVER_NOTES).map(([server, note]) => `- **${server}**: ${note}.`),
    "",
    "## Results",
    "",
    "| query | server | req/s | req/s min–max | p50 ms | p99 ms | errors | upstream calls/op | peak RSS MB |",
    "|---|---|---:|---:|---:|---:|---:|---:|---:|",
  ];
  for (const query of queries) {
    for (const row of report.runs.filter((r) => r.query === query.name)) {
      const rps = report.samples.filter((x) => x.query === row.query && x.server === row.server).map((x) => Math.round(x.rps));
      lines.push(`| ${row.query} ${query.title} | ${row.server} | ${row.rps} | ${Math.min(...rps)}–${Math.max(...rps)} | ${row.p50_ms} | ${row.p99_ms} | ${row.errors} | ${row.upstream_calls_per_op} | ${row.rss_mb} |`);
    }
  }
  lines.push("", "## Ratios", "", "| query | gateway ÷ plain, req/s | gateway ÷ bare, req/s | gateway ÷ plain, p99 |", "|---|---:|---:|---:|");
  for (const ratio of report.ratios) {
    const show = (value: number | null) => (value === null ? "n/a" : `${value.toFixed(2)}×`);
    lines.push(`| ${ratio.query} | ${show(ratio.rps_gateway_over_plain)} | ${show(ratio.rps_gateway_over_bare)} | ${show(ratio.p99_gateway_over_plain)} |`);
  }
  lines.push("", ...redisCostLines(report));
  lines.push("", ...listCacheLines(report));
  lines.push("", ...tracingCostLines(report));
  lines.push("", "## Targets (issue 18's, on published dependencies; shown with pass or fail, this run does not fail on them)", "", "| target | measured | |", "|---|---|---|");
  for (const check of report.targets) lines.push(`| ${check.target} | ${check.measured} | ${check.pass === null ? "n/a" : check.pass ? "pass" : "**FAIL**"} |`);
  lines.push("", singleOperationNote(report), "");
  return lines.join("\n");
}

/** What Redis costs a create with an `Idempotency-Key`: Q4k, gateway-redis against gateway. */
function redisCostLines(report: BenchReport): string[] {
  const cost = report.redis_cost;
  return costLines(
    "## Redis cost (Q4k: a create with an Idempotency-Key, idempotency records in Redis vs in memory)",
    "gateway-redis ÷ gateway",
    cost && [cost.rps_redis_over_memory, cost.p50_delta_ms, cost.p99_delta_ms],
    report.redis_skipped ?? "Q4k has no row for gateway or gateway-redis",
    "Each keyed create costs two Redis round trips (claim the key, then store the outcome) on top of the bePaid call; Redis runs on the same machine, so a remote Redis adds its network round trips to the latencies.",
  );
}

/** What traces cost an operation: Q1, gateway-otel against gateway. */
function tracingCostLines(report: BenchReport): string[] {
  const cost = report.tracing_cost;
  return costLines(
    "## Tracing cost (Q1 with every operation traced and exported vs traces off)",
    "gateway-otel ÷ gateway",
    cost && [cost.rps_traced_over_untraced, cost.p50_delta_ms, cost.p99_delta_ms],
    "Q1 has no row for gateway or gateway-otel",
    "Three spans per operation (request, operation, bePaid call), exported from the gateway's process in batches; the sink's own work runs on the same cores.",
  );
}

/** A cost table: requests/s as a ratio, p50 and p99 as differences; or why it was not measured. */
function costLines(heading: string, label: string, cost: [rps: number, p50: number, p99: number] | null, missing: string, note: string): string[] {
  if (!cost) return [heading, "", `Not measured: ${missing}.`];
  const ms = (value: number) => `${value >= 0 ? "+" : ""}${value.toFixed(2)} ms`;
  return [heading, "", `| ${label}, req/s | p50 difference | p99 difference |`, "|---:|---:|---:|", `| ${cost[0].toFixed(2)}× | ${ms(cost[1])} | ${ms(cost[2])} |`, "", note];
}

/** What the list cache does for a page of a large shop: Q5, gateway-list-cache against gateway-list. */
function listCacheLines(report: BenchReport): string[] {
  const heading = "## List cache (Q5: a page of 20 from a shop of 30,000 customers, list cache off and on)";
  const gain = report.list_cache;
  if (!gain) return [heading, "", "Not measured: Q5 has no row for gateway-list or gateway-list-cache."];
  return [
    heading,
    "",
    "| cache on ÷ off, req/s | p99 off | p99 on | peak RSS off | peak RSS on |",
    "|---:|---:|---:|---:|---:|",
    `| ${gain.rps_cache_over_no_cache.toFixed(2)}× | ${gain.p99_no_cache_ms} ms | ${gain.p99_cache_ms} ms | ${gain.rss_no_cache_mb} MB | ${gain.rss_cache_mb} MB |`,
    "",
    "Off, every operation reads and parses the whole list (bePaid has no paging), so memory grows with the list reads in flight (up to the connections); on, the shop's one parsed list serves every page.",
  ];
}

/** How much other processes on the machine took while the runs were measured. */
function noiseNote(samples: readonly Sample[]): string {
  const cores = samples.map((sample) => sample.other_cpu_cores).filter(Number.isFinite);
  if (cores.length === 0) return "CPU taken by other processes: not measured (no /proc).";
  const mean = cores.reduce((sum, value) => sum + value, 0) / cores.length;
  const busy = samples.filter((sample) => sample.other_cpu_cores >= 0.25);
  return `Processes outside the benchmark kept ${mean.toFixed(2)} cores busy on average during measured runs (at most ${Math.max(...cores).toFixed(2)})${
    busy.length > 0 ? `; ${busy.length} of ${samples.length} runs shared the machine with ≥ 0.25 cores of other work, so their spread is wider than the servers alone would give` : ": the servers had the machine to themselves"
  }. Each run's figure is \`other_cpu_cores\` in \`latest.json\`.`;
}

/** Whether the counts under load agree with one operation sent alone. */
function singleOperationNote(report: BenchReport): string {
  // The list cache reads bePaid once per TTL, so under load it makes (almost) none by design.
  const differing = report.runs.filter(
    (row) => row.server !== "gateway-list-cache" && report.single_operation_calls[`${row.server}/${row.query}`] !== row.upstream_calls_per_op,
  );
  return differing.length === 0
    ? "Upstream calls per operation under load equal those of one operation sent alone, for every row."
    : `Upstream calls per operation under load differ from one operation sent alone for: ${differing
        .map((row) => `${row.server} ${row.query} (${row.upstream_calls_per_op} vs ${report.single_operation_calls[`${row.server}/${row.query}`]})`)
        .join(", ")}.`;
}
