import type { GatewayConfig } from "../config.js";
import { createMemoryIdempotencyStore, type IdempotencyStore } from "../idempotency/idempotency-store.js";
import { createRedisIdempotencyStore } from "../idempotency/redis-idempotency-store.js";
import { createMemoryRateCounter, type RateCounter } from "../limits/rate-counter.js";
import { createRedisRateCounter } from "../limits/redis-rate-counter.js";
import type { SharedListStore } from "../list-cache/redis-list-store.js";
import type { GatewayLogger } from "../logger.js";
import type { GatewayMetrics } from "../observability/metrics.js";

/** What replicas must share to keep their promises: `Idempotency-Key` records, rate counts, cached lists. */
export interface SharedState {
  idempotencyStore: IdempotencyStore;
  rateCounter: RateCounter;
  /** The list cache's shared part, with `REDIS_URL` and `GATEWAY_LIST_CACHE_TTL_MS` set; else none. */
  listStore: SharedListStore | undefined;
  /**
   * Settles once the store was tried: start-up waits for it, so a replica that reports ready
   * with Redis up does not refuse its first keyed creates while still connecting.
   */
  tried: Promise<void>;
  /** Lets go of the shared store's connection, if any (shutdown). */
  close(): Promise<void>;
}

/**
 * Picks where shared state lives: Redis when `REDIS_URL` is set (one connection for all,
 * its state logged and exported as `gateway_shared_store_up`), memory otherwise, which is right
 * for one process only.
 */
export async function createSharedState(config: GatewayConfig, { logger, metrics }: { logger: GatewayLogger; metrics: GatewayMetrics }): Promise<SharedState> {
  if (!config.redis) {
    return {
      idempotencyStore: createMemoryIdempotencyStore(),
      rateCounter: createMemoryRateCounter(),
      listStore: undefined,
      tried: Promise.resolve(),
      close: async () => undefined,
    };
  }
  metrics.sharedStoreUp(false);
  // Loaded only when used: ioredis is about 5 MB of a process that runs without it by default.
  const [{ connectSharedRedis }, { createRedisListStore }] = await Promise.all([import("./shared-redis.js"), import("../list-cache/redis-list-store.js")]);
  const shared = connectSharedRedis({ ...config.redis, logger, onStateChange: metrics.sharedStoreUp });
  return {
    idempotencyStore: createRedisIdempotencyStore({ shared, leaseMs: config.idempotencyLeaseMs }),
    rateCounter: createRedisRateCounter(shared),
    listStore: config.listCacheTtlMs > 0 ? createRedisListStore({ shared, ttlMs: config.listCacheTtlMs }) : undefined,
    tried: shared.firstAttempt,
    close: shared.close,
  };
}
