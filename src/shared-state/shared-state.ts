import type { GatewayConfig } from "../config.js";
import { createMemoryIdempotencyStore, type IdempotencyStore } from "../idempotency/idempotency-store.js";
import { createRedisIdempotencyStore } from "../idempotency/redis-idempotency-store.js";
import { createMemoryRateCounter, type RateCounter } from "../limits/rate-counter.js";
import { createRedisRateCounter } from "../limits/redis-rate-counter.js";
import type { GatewayLogger } from "../logger.js";
import type { GatewayMetrics } from "../observability/metrics.js";

/** What replicas must share to keep their promises: `Idempotency-Key` records and rate counts. */
export interface SharedState {
  idempotencyStore: IdempotencyStore;
  rateCounter: RateCounter;
  /**
   * Settles once the store was tried: start-up waits for it, so a replica that reports ready
   * with Redis up does not refuse its first keyed creates while still connecting.
   */
  tried: Promise<void>;
  /** Lets go of the shared store's connection, if any (shutdown). */
  close(): Promise<void>;
}

/**
 * Picks where shared state lives: Redis when `REDIS_URL` is set (one connection for both,
 * its state logged and exported as `gateway_shared_store_up`), memory otherwise, which is right
 * for one process only.
 */
export async function createSharedState(config: GatewayConfig, { logger, metrics }: { logger: GatewayLogger; metrics: GatewayMetrics }): Promise<SharedState> {
  if (!config.redis) {
    return {
      idempotencyStore: createMemoryIdempotencyStore(),
      rateCounter: createMemoryRateCounter(),
      tried: Promise.resolve(),
      close: async () => undefined,
    };
  }
  metrics.sharedStoreUp(false);
  // Loaded only when used: ioredis is about 5 MB of a process that runs without it by default.
  const { connectSharedRedis } = await import("./shared-redis.js");
  const shared = connectSharedRedis({ ...config.redis, logger, onStateChange: metrics.sharedStoreUp });
  return {
    idempotencyStore: createRedisIdempotencyStore({ shared, leaseMs: config.idempotencyLeaseMs }),
    rateCounter: createRedisRateCounter(shared),
    tried: shared.firstAttempt,
    close: shared.close,
  };
}
