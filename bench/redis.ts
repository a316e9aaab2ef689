import { Redis } from "ioredis";

/** The machine's Redis, which `gateway-redis` keeps its idempotency records in. */
export const BENCH_REDIS_URL = "redis://127.0.0.1:6379/0";

/** Every key of this run under its own prefix, so a run never meets another's keys and can remove its own. */
export const BENCH_REDIS_PREFIX = `bench-${Date.now()}:`;

/**
 * Removes this run's keys (tens of thousands of idempotency records, which would otherwise
 * linger for their 24 h); resolves to how many went.
 */
export async function removeBenchKeys(): Promise<number> {
  const redis = connect();
  let removed = 0;
  try {
    await redis.connect();
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${BENCH_REDIS_PREFIX}*`, "COUNT", 1000);
      if (keys.length > 0) removed += await redis.unlink(...keys);
      cursor = next;
    } while (cursor !== "0");
    return removed;
  } finally {
    redis.disconnect();
  }
}

/** One connection attempt, no reconnects and no queued commands: the harness asks, it does not wait. */
function connect(): Redis {
  const redis = new Redis(BENCH_REDIS_URL, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0, connectTimeout: 1000, commandTimeout: 5000, retryStrategy: () => null });
  // The failure reaches the caller through connect() or the command; without a listener ioredis also prints it.
  redis.on("error", () => {});
  return redis;
}
