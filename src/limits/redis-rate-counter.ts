import { createHash } from "node:crypto";
import type { SharedRedis } from "../shared-state/shared-redis.js";
import type { RateCounter } from "./rate-counter.js";

/**
 * Counts and starts the window in one step: the first operation of a window sets its expiry,
 * on Redis's clock, so replicas with drifting clocks still share one window per caller.
 */
const HIT = `
local count = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return { count, ttl }`;

/**
 * Operations per caller counted in Redis, shared by every replica: one key per caller,
 * `<prefix>rate:<digest>`, expiring with its window (a fixed window per caller, started by its
 * first operation). The digest is a SHA-256 of the caller's id, so an anonymous caller's
 * address is not written to Redis. Throws when Redis does not answer.
 */
export function createRedisRateCounter({ redis, prefix }: SharedRedis): RateCounter {
  return {
    async hit(caller, windowMs) {
      const key = `${prefix}rate:${createHash("sha256").update(caller).digest("hex")}`;
      const [count, resetInMs] = (await redis.eval(HIT, 1, key, windowMs)) as [number, number];
      return { count, resetInMs };
    },
  };
}
