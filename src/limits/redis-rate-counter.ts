import { createHash } from "node:crypto";
import type { SharedRedis } from "../shared-state/shared-redis.js";
import type { RateCounter } from "./rate-counter.js";
import { defineScript, type RedisScript } from "../shared-state/redis-script.js";

/**
 * Counts and starts the window in one step: the first operation of a window sets its expiry,
 * on Redis's clock, so replicas with drifting clocks still share one window per caller.
 */
const HIT: RedisScript = {
  name: "gatewayRateHit",
  numberOfKeys: 1,
  lua: `
local count = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return { count, ttl }`,
};

/** A caller's count and how long its window has left, or nothing when no window runs. */
const PEEK: RedisScript = {
  name: "gatewayRatePeek",
  numberOfKeys: 1,
  lua: `
local count = redis.call('GET', KEYS[1])
if not count then return false end
return { tonumber(count), redis.call('PTTL', KEYS[1]) }`,
};

/**
 * Operations per caller counted in Redis, shared by every replica: one key per caller,
 * `<prefix>rate:<digest>`, expiring with its window (a fixed window per caller, started by its
 * first operation). The digest is a SHA-256 of the caller's id, so an anonymous caller's
 * address is not written to Redis. Throws when Redis does not respond.
 */
export function createRedisRateCounter({ redis, prefix }: SharedRedis): RateCounter {
  const hit = defineScript<[number, number]>(redis, HIT);
  const peek = defineScript<[number, number] | null>(redis, PEEK);
  const keyOf = (caller: string) => `${prefix}rate:${createHash("sha256").update(caller).digest("hex")}`;
  return {
    async hit(caller, windowMs) {
      const [count, resetInMs] = await hit(keyOf(caller), windowMs);
      return { count, resetInMs };
    },
    async peek(caller) {
      const window = await peek(keyOf(caller));
      return window ? { count: window[0], resetInMs: window[1] } : undefined;
    },
  };
}
