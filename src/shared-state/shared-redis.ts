import { Redis } from "ioredis";
import type { RedisConfig } from "../config.js";
import type { GatewayLogger } from "../logger.js";

/** The Redis connection replicas share state through, and whether it responds now. */
export interface SharedRedis {
  /** The client; its commands fail at once while the connection is down (no offline queue). */
  readonly redis: Redis;
  /** Prefix of every key the gateway writes (`REDIS_PREFIX`). */
  readonly prefix: string;
  /** Settles once the first connection attempt succeeded or failed, whichever comes first. */
  readonly firstAttempt: Promise<void>;
  /** Closes the connection (shutdown). */
  close(): Promise<void>;
}

/** Options of {@link connectSharedRedis}. */
export interface SharedRedisOptions extends RedisConfig {
  /** Gets one line when the store is first reached, one per outage and one per recovery. */
  logger: GatewayLogger;
  /** Told the store's state on every change (the `gateway_shared_store_up` metric). */
  onStateChange: (up: boolean) => void;
  /** How long one command may take before it fails; default 1000 ms. */
  commandTimeoutMs?: number;
}

/**
 * Connects to the shared Redis without depending on it: the gateway starts, and stays ready,
 * while Redis is down, and ioredis reconnects by itself (every 2 s at most). Commands never
 * queue or hang while it is down: they fail at once (no offline queue, no retry of a command
 * caught by a dropped connection) or after `commandTimeoutMs`, and each user of the store
 * decides what a failure means (idempotency refuses, rate limits let traffic through).
 */
export function connectSharedRedis({ url, prefix, logger, onStateChange, commandTimeoutMs = 1000 }: SharedRedisOptions): SharedRedis {
  const redis = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: commandTimeoutMs,
    connectTimeout: 5000,
    retryStrategy: (attempt) => Math.min(attempt * 100, 2000),
  });
  // "unknown" until the first connection or failure, so start-up logs one line either way.
  let state: "unknown" | "up" | "down" = "unknown";
  const become = (next: "up" | "down", reason?: string) => {
    if (state === next) return;
    const previous = state;
    state = next;
    onStateChange(next === "up");
    if (next === "up") logger.info({ sharedStore: "redis" }, previous === "unknown" ? "shared store connected" : "shared store reachable again");
    // The URL may hold a password: log why, never where.
    else logger.warn({ sharedStore: "redis", reason }, "shared store unreachable");
  };
  const firstAttempt = new Promise<void>((resolve) => {
    redis.once("ready", resolve);
    redis.once("error", resolve);
  });
  redis.on("ready", () => become("up"));
  // Without an "error" listener ioredis prints every failed reconnect to stderr.
  redis.on("error", (error: Error) => become("down", error.message));
  redis.on("close", () => become("down", "connection closed"));

  return {
    redis,
    prefix,
    firstAttempt,
    close: async () => {
      redis.removeAllListeners("close");
      redis.disconnect();
    },
  };
}
