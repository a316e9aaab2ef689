import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import { BoundedCache } from "../cache/bounded-cache.js";
import type { BepaidCallRecord } from "../bepaid/call-record.js";
import type { CircuitBreaker, CircuitState } from "../bepaid/circuit-breaker.js";
import type { ConcurrencyLimiter } from "../bepaid/concurrency-limiter.js";

/** Operation names become label values only while they look like names and stay few. */
const MAX_OPERATION_NAMES = 200;
const OPERATION_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/** The gateway's Prometheus metrics, in a registry of its own (served at `/metrics`). */
export interface GatewayMetrics {
  registry: Registry;
  /** Counts and times one finished HTTP request to /graphql. */
  operation(name: string | undefined, outcome: string, seconds: number): void;
  /** Counts one finished bePaid call and its retries. */
  bepaidCall(record: BepaidCallRecord): void;
  /** Records how many ids one loader batch asked bePaid for. */
  loaderBatch(size: number): void;
  /** Records whether the shared store (Redis) responds; the gauge exists only once told. */
  sharedStoreUp(up: boolean): void;
  /** Counts one read of the list cache: served from it (`hit`) or from bePaid (`miss`). */
  listCacheRead(result: "hit" | "miss"): void;
  /** Records how many customers one list read from bePaid held. */
  customerListRead(customers: number): void;
}

/** What the metrics read at each scrape, rather than being told of every change. */
export interface MetricsSources {
  breaker: Pick<CircuitBreaker, "state">;
  limiter: Pick<ConcurrencyLimiter, "active" | "queued">;
}

const BREAKER_VALUE: Record<CircuitState, number> = { closed: 0, "half-open": 1, open: 2 };

/** Makes the metrics, Node's process metrics (memory, event loop, GC) included. */
export function createMetrics({ breaker, limiter }: MetricsSources): GatewayMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const operations = new Counter({
    name: "gateway_operations_total",
    help: "GraphQL requests by operation name and outcome (ok, a GraphQL error code, or refused)",
    labelNames: ["operation", "outcome"],
    registers: [registry],
  });
  const duration = new Histogram({
    name: "gateway_operation_duration_seconds",
    help: "Time from request to response, by operation name",
    labelNames: ["operation"],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  const calls = new Counter({
    name: "bepaid_calls_total",
    help: "bePaid calls by endpoint, method and last status (or the error when there was none)",
    labelNames: ["endpoint", "method", "status"],
    registers: [registry],
  });
  const retries = new Counter({
    name: "bepaid_retries_total",
    help: "Extra attempts of bePaid reads",
    labelNames: ["endpoint"],
    registers: [registry],
  });
  new Gauge({
    name: "bepaid_circuit_state",
    help: "The circuit breaker: 0 closed, 1 half-open, 2 open",
    registers: [registry],
    collect() {
      this.set(BREAKER_VALUE[breaker.state]);
    },
  });
  new Gauge({
    name: "bepaid_calls_in_flight",
    help: "bePaid calls in flight now, across all callers",
    registers: [registry],
    collect() {
      this.set(limiter.active);
    },
  });
  new Gauge({
    name: "bepaid_calls_queued",
    help: "bePaid calls waiting for a slot now",
    registers: [registry],
    collect() {
      this.set(limiter.queued);
    },
  });
  const batches = new Histogram({
    name: "gateway_loader_batch_size",
    help: "Customer ids per DataLoader batch",
    buckets: [1, 2, 5, 10, 20, 50],
    registers: [registry],
  });
  const listCacheReads = new Counter({
    name: "gateway_list_cache_reads_total",
    help: "Customer list reads with GATEWAY_LIST_CACHE_TTL_MS set, by result: hit (no bePaid call of its own) or miss",
    labelNames: ["result"],
    registers: [registry],
  });
  const listSizes = new Histogram({
    name: "bepaid_customer_list_size",
    help: "Customers in each list read from bePaid (GET /customers)",
    buckets: [10, 100, 1_000, 10_000, 30_000, 100_000, 300_000],
    registers: [registry],
  });
  // Made on first use: with no REDIS_URL there is no shared store, and a 0 would read as an outage.
  let sharedStore: Gauge | undefined;

  // The first names seen keep their label for the process's life: once full, nothing is evicted
  // (a label that came and went would split one operation's series), and new names read "other".
  const names = new BoundedCache<string, true>({ max: MAX_OPERATION_NAMES });
  const label = (name: string | undefined) => {
    if (name === undefined) return "anonymous";
    if (names.has(name)) return name;
    if (!OPERATION_NAME.test(name) || names.size >= names.max) return "other";
    names.set(name, true);
    return name;
  };

  return {
    registry,
    operation(name, outcome, seconds) {
      const operation = label(name);
      operations.inc({ operation, outcome });
      duration.observe({ operation }, seconds);
    },
    bepaidCall({ call, status, outcome, attempts }) {
      calls.inc({ endpoint: call.endpoint, method: call.method, status: status === undefined ? outcome : String(status) });
      if (attempts > 1) retries.inc({ endpoint: call.endpoint }, attempts - 1);
    },
    loaderBatch(size) {
      batches.observe(size);
    },
    listCacheRead(result) {
      listCacheReads.inc({ result });
    },
    customerListRead(customers) {
      listSizes.observe(customers);
    },
    sharedStoreUp(up) {
      sharedStore ??= new Gauge({
        name: "gateway_shared_store_up",
        help: "Whether the shared store (REDIS_URL) answers: 1 up, 0 down",
        registers: [registry],
      });
      sharedStore.set(up ? 1 : 0);
    },
  };
}
