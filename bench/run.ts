/**
 * `npm run bench [-- --quick] [--node PATH]`: builds the gateway, starts the stand-in, bare, plain
 * and the gateway as child processes (on the `--node` binary, if given) and a load generator in
 * another, loads every server with every query in alternating rounds, and writes
 * `bench/results/latest.{json,md,svg}`; with `--queries Q1,Q5`, only those queries, written to
 * `bench/results/only-Q1-Q5.{json,md,svg}` so the whole run's results stay.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { renderChart } from "./chart.js";
import { checkServersAgree } from "./check.js";
import { createChildren } from "./children.js";
import { describeEnvironment } from "./environment.js";
import { startForeignCpu } from "./foreign-cpu.js";
import { createLoadClient, type RunLoad } from "./load-client.js";
import { QUERIES, type BenchQuery, type ServerName, SERVERS, targetFor } from "./queries.js";
import { redisResponds } from "#lib/redis-responds.js";
import { removeBenchKeys } from "./redis.js";
import { renderMarkdown, type BenchReport } from "./report.js";
import { round as roundTo, type Sample, toListCacheGain, toRatios, toRedisCost, toRows, toTracingCost } from "./results.js";
import { nodeBinaryFrom } from "./node-binary.js";
import { startPeakRss } from "./rss.js";
import { type RunningServer, resetUpstreamCalls, settledUpstreamCalls, startServers } from "./servers.js";
import { settingsFrom } from "./settings.js";
import { checkTargets } from "./targets.js";

// This file runs from bench/.build/, two levels below the project root.
const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const settings = settingsFrom(process.argv.slice(2));
const started = Date.now();
const children = createChildren(root);
/** Whether this run started gateway-redis, whose keys are removed at the end. */
let redisUp = false;

// No server may outlive the benchmark, however it ends.
process.on("exit", () => children.killAll());
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.on(signal, () => {
    children.killAll();
    process.exit(130);
  });
}

try {
  const serverNode = nodeBinaryFrom(process.argv.slice(2), root);
  log(`bench (${settings.mode}, servers on Node ${serverNode.version}): npm run build`);
  const build = spawnSync("npm", ["run", "--silent", "build"], { cwd: root, stdio: "inherit" });
  if (build.status !== 0) throw new Error(`npm run build failed (${build.status ?? build.signal})`);
  // Read now: others may change src/ while the benchmark runs, after the build it measures.
  const environment = describeEnvironment(root, serverNode.version);

  // gateway-redis needs the machine's Redis; without it, Q4k (its only query) is left out, not failed.
  redisUp = await redisResponds(6379); // false: Q4k is skipped, not failed
  const redisSkipped = redisUp ? undefined : "Redis at 127.0.0.1:6379 did not answer a PING when the run started, so gateway-redis and Q4k were left out";
  if (redisSkipped) log(`skipping Q4k: ${redisSkipped}`);
  const serverNames = SERVERS.filter((name) => redisUp || name !== "gateway-redis");
  const queries = QUERIES.filter(
    (query) => (query.servers === undefined || query.servers.every((name) => serverNames.includes(name))) && (!settings.queries || settings.queries.includes(query.name)),
  );

  // Only the servers the chosen queries run (all of them in a whole run).
  const wanted = serverNames.filter((name) => name === "upstream" || queries.some((query) => targetFor(name, query)));
  const servers = await startServers(children, serverNode.path, wanted);
  log(`servers: ${[...servers.values()].map((s) => `${s.name} ${s.origin} (pid ${s.child.pid})`).join(", ")}`);
  const singleCalls = await checkServersAgree(servers, queries);
  log("every server answers every query, with the same data");

  const runLoad = createLoadClient(children.start("load", ["bench/.build/load.js"], { NODE_ENV: "production" }));
  const samples: Sample[] = [];
  for (const [index, query] of queries.entries()) {
    const names = SERVERS.filter((name) => servers.has(name) && targetFor(name, query));
    for (const name of names) await measure(runLoad, servers, name, query, settings.warmup_s, 0);
    for (let round = 1; round <= settings.rounds; round++) {
      for (const name of rotate(names, round + index)) {
        const sample = await measure(runLoad, servers, name, query, settings.duration_s, round);
        samples.push(sample);
        log(
          `${query.name.padEnd(3)} round ${round} ${name.padEnd(13)} ${Math.round(sample.rps).toString().padStart(6)} req/s  p50 ${sample.p50_ms} ms  p99 ${sample.p99_ms} ms  errors ${sample.errors}  calls/op ${(sample.upstream_calls / sample.sent).toFixed(3)}  rss ${sample.rss_mb} MB  other processes ${sample.other_cpu_cores} cores`,
        );
      }
    }
  }

  const rows = toRows(samples);
  const report: BenchReport = {
    environment,
    settings,
    wall_s: (Date.now() - started) / 1000,
    runs: rows,
    ratios: toRatios(rows, queries),
    targets: checkTargets(rows),
    redis_cost: toRedisCost(rows),
    list_cache: toListCacheGain(rows),
    ...(redisSkipped ? { redis_skipped: redisSkipped } : {}),
    tracing_cost: toTracingCost(rows),
    single_operation_calls: Object.fromEntries(singleCalls),
    samples,
  };
  writeResults(report, queries);
  log(`done in ${Math.round(report.wall_s)} s: bench/results/${resultsName()}.{json,md,svg}`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await children.stopAll();
  // After the servers stop, so no key is written once the sweep has passed it.
  if (redisUp) {
    await removeBenchKeys().then(
      (removed) => log(`removed this run's ${removed} Redis keys`),
      (error: unknown) => log(`could not remove this run's Redis keys (they expire within 24 h): ${String(error)}`),
    );
  }
}

/** One run of `name` on `query`, with the stand-in's counter, the server's peak RSS and the machine's other load around it. */
async function measure(runLoad: RunLoad, servers: Map<ServerName, RunningServer>, name: ServerName, query: BenchQuery, durationS: number, round: number): Promise<Sample> {
  const server = servers.get(name)!;
  const upstream = servers.get("upstream")!;
  await resetUpstreamCalls(upstream);
  const rss = startPeakRss(server.child.pid);
  const foreign = startForeignCpu([process.pid, ...children.pids()]);
  const result = await runLoad({ origin: server.origin, target: targetFor(name, query)!, connections: settings.connections, durationS });
  const otherCores = foreign.stop();
  const rssMb = rss.stop();
  // When the stand-in is the server under load, its calls are the requests themselves.
  const upstreamCalls = await settledUpstreamCalls(upstream);
  return {
    server: name,
    query: query.name,
    round,
    duration_s: result.durationS,
    sent: result.sent,
    ok: result.ok,
    rps: round2(result.rps),
    p50_ms: round2(result.p50Ms),
    p99_ms: round2(result.p99Ms),
    errors: result.errors,
    upstream_calls: upstreamCalls,
    rss_mb: round2(rssMb),
    other_cpu_cores: round2(otherCores),
  };
}

/** `items` starting at `by` (mod length): each round and query puts a different server first. */
function rotate<T>(items: readonly T[], by: number): T[] {
  const start = by % items.length;
  return [...items.slice(start), ...items.slice(0, start)];
}

function writeResults(report: BenchReport, queries: readonly BenchQuery[]) {
  const dir = join(root, "bench", "results");
  mkdirSync(dir, { recursive: true });
  // `runs` first: it is the part other tools read; the rest says how it was measured.
  const { runs, ...rest } = report;
  writeFileSync(join(dir, `${resultsName()}.json`), `${JSON.stringify({ runs, ...rest }, null, 2)}\n`);
  writeFileSync(join(dir, `${resultsName()}.md`), renderMarkdown(report, queries, `${resultsName()}.svg`));
  const { environment: env, settings: s } = report;
  const subtitle = `${s.mode} mode · ${s.connections} connections · median of ${s.rounds} × ${s.duration_s} s · Node ${env.node} · ${env.cpu}, ${env.cores} cores · ${env.date.slice(0, 10)}`;
  writeFileSync(join(dir, `${resultsName()}.svg`), renderChart(report.runs, queries, subtitle));
}

/** `latest` for a whole run, `only-Q1-Q5` for `--queries Q1,Q5`. */
function resultsName(): string {
  return settings.queries ? `only-${settings.queries.join("-")}` : "latest";
}

function round2(value: number): number {
  return roundTo(value, 2);
}

function log(message: string) {
  console.log(`[${((Date.now() - started) / 1000).toFixed(1).padStart(5)} s] ${message}`);
}
