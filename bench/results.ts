import { type BenchQuery, QUERIES, SERVERS, type ServerName } from "./queries.js";

/** One measured run of one server on one query (`samples` in `latest.json`). */
export interface Sample {
  server: ServerName;
  query: BenchQuery["name"];
  round: number;
  duration_s: number;
  /** Requests written, answered or not. */
  sent: number;
  /** Good answers: 2xx, and the body passed the check. */
  ok: number;
  rps: number;
  p50_ms: number;
  p99_ms: number;
  errors: number;
  /** Calls the stand-in got during the run, in-flight stragglers included. */
  upstream_calls: number;
  rss_mb: number;
  /** Cores kept busy by processes outside the benchmark during the run (noise on a shared machine). */
  other_cpu_cores: number;
}

/** A row of `latest.json`: one server on one query, over the rounds. */
export interface Row {
  server: ServerName;
  query: BenchQuery["name"];
  /** Median over the rounds (so are both latencies). */
  rps: number;
  p50_ms: number;
  p99_ms: number;
  /** Summed over the rounds. */
  errors: number;
  /** Stand-in calls over requests sent, over all the rounds. */
  upstream_calls_per_op: number;
  /** The highest peak RSS of the rounds. */
  rss_mb: number;
}

/** gateway ÷ plain and gateway ÷ bare for one query (`null` where a server has no row). */
export interface Ratio {
  query: BenchQuery["name"];
  rps_gateway_over_plain: number | null;
  rps_gateway_over_bare: number | null;
  p99_gateway_over_plain: number | null;
}

/** Folds the runs into one row per server and query, in query order then server order. */
export function toRows(samples: readonly Sample[]): Row[] {
  const groups = new Map<string, Sample[]>();
  for (const sample of samples) {
    const key = `${sample.query}/${sample.server}`;
    groups.set(key, [...(groups.get(key) ?? []), sample]);
  }
  const order = (row: Row) => QUERIES.findIndex((q) => q.name === row.query) * SERVERS.length + SERVERS.indexOf(row.server);
  return [...groups.values()]
    .map((runs) => ({
      server: runs[0]!.server,
      query: runs[0]!.query,
      rps: round(median(runs.map((run) => run.rps)), 0),
      p50_ms: round(median(runs.map((run) => run.p50_ms)), 2),
      p99_ms: round(median(runs.map((run) => run.p99_ms)), 2),
      errors: sum(runs.map((run) => run.errors)),
      // Six decimals: one stray call in a million requests still shows.
      upstream_calls_per_op: round(sum(runs.map((run) => run.upstream_calls)) / sum(runs.map((run) => run.sent)), 6),
      rss_mb: round(Math.max(...runs.map((run) => run.rss_mb)), 1),
    }))
    .sort((a, b) => order(a) - order(b));
}

/** What keeping idempotency records in Redis costs a create: Q4k on `gateway-redis` against `gateway`. */
export interface RedisCost {
  query: "Q4k";
  /** gateway-redis ÷ gateway, requests/s. */
  rps_redis_over_memory: number;
  /** gateway-redis minus gateway, milliseconds. */
  p50_delta_ms: number;
  p99_delta_ms: number;
}

/** What traces cost an operation: Q1 on `gateway-otel` (every operation sampled and exported) against `gateway`. */
export interface TracingCost {
  query: "Q1";
  /** gateway-otel ÷ gateway, requests/s. */
  rps_traced_over_untraced: number;
  /** gateway-otel minus gateway, milliseconds. */
  p50_delta_ms: number;
  p99_delta_ms: number;
}

/** What the list cache does for a page of a large shop: Q5 on `gateway-list-cache` against `gateway-list`. */
export interface ListCacheGain {
  query: "Q5";
  /** gateway-list-cache ÷ gateway-list, requests/s. */
  rps_cache_over_no_cache: number;
  p99_no_cache_ms: number;
  p99_cache_ms: number;
  /** Peak RSS of each, MB (the highest of its rounds). */
  rss_no_cache_mb: number;
  rss_cache_mb: number;
}

/** Q5's list-cache figures; `null` when either server has no Q5 row. */
export function toListCacheGain(rows: readonly Row[]): ListCacheGain | null {
  const off = rows.find((row) => row.server === "gateway-list" && row.query === "Q5");
  const on = rows.find((row) => row.server === "gateway-list-cache" && row.query === "Q5");
  if (!off || !on || off.rps === 0) return null;
  return {
    query: "Q5",
    rps_cache_over_no_cache: round(on.rps / off.rps, 2),
    p99_no_cache_ms: off.p99_ms,
    p99_cache_ms: on.p99_ms,
    rss_no_cache_mb: off.rss_mb,
    rss_cache_mb: on.rss_mb,
  };
}

/** The ratios the targets are stated in, per query that plain or bare also ran. */
export function toRatios(rows: readonly Row[], queries: readonly BenchQuery[]): Ratio[] {
  const find = (server: ServerName, query: string) => rows.find((row) => row.server === server && row.query === query);
  const ratio = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined || b === 0 ? null : round(a / b, 2));
  const compared = queries.filter(({ name }) => find("plain", name) || find("bare", name));
  return compared.map(({ name }) => {
    const gateway = find("gateway", name);
    return {
      query: name,
      rps_gateway_over_plain: ratio(gateway?.rps, find("plain", name)?.rps),
      rps_gateway_over_bare: ratio(gateway?.rps, find("bare", name)?.rps),
      p99_gateway_over_plain: ratio(gateway?.p99_ms, find("plain", name)?.p99_ms),
    };
  });
}

/** Q4k's Redis cost; `null` when either gateway has no Q4k row (Redis was not answering). */
export function toRedisCost(rows: readonly Row[]): RedisCost | null {
  const cost = costOf(rows, "Q4k", "gateway", "gateway-redis");
  return cost && { query: "Q4k", rps_redis_over_memory: cost.rps, p50_delta_ms: cost.p50, p99_delta_ms: cost.p99 };
}

/** Q1's tracing cost; `null` when either gateway has no Q1 row. */
export function toTracingCost(rows: readonly Row[]): TracingCost | null {
  const cost = costOf(rows, "Q1", "gateway", "gateway-otel");
  return cost && { query: "Q1", rps_traced_over_untraced: cost.rps, p50_delta_ms: cost.p50, p99_delta_ms: cost.p99 };
}

/** `server` against `baseline` on `query`: requests/s as a ratio, latencies as differences in ms. */
function costOf(rows: readonly Row[], query: BenchQuery["name"], baseline: ServerName, server: ServerName) {
  const base = rows.find((row) => row.server === baseline && row.query === query);
  const other = rows.find((row) => row.server === server && row.query === query);
  if (!base || !other || base.rps === 0) return null;
  return { rps: round(other.rps / base.rps, 2), p50: round(other.p50_ms - base.p50_ms, 2), p99: round(other.p99_ms - base.p99_ms, 2) };
}

/** The middle value (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);
/** `value` to `digits` decimals. */
export const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;
