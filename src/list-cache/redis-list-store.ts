import { createHash, randomUUID } from "node:crypto";
import { parseCustomerList } from "../bepaid/parse.js";
import type { BepaidCustomer } from "../bepaid/types.js";
import type { SharedRedis } from "../shared-state/shared-redis.js";
import { defineScript, type RedisScript } from "../shared-state/redis-script.js";

/**
 * The largest list stored in Redis, in bytes of JSON: about 16,000 customers of bePaid's docs'
 * size. Redis is single-threaded and every other replica's commands wait behind a big value on
 * the wire; a longer list stays in each replica's memory, while Redis still says which version
 * is current (so invalidations still reach every replica).
 */
export const MAX_STORED_LIST_BYTES = 4 * 1024 * 1024;

/** One version of a shop's list, as replicas agree on it. */
export interface ListEpoch {
  /** Names this version; a replica's own copy is served only while it is the current one. */
  epoch: string;
  /** When the bePaid read of this version started (ms since the epoch). */
  readAt: number;
  /** The list itself is in the store (small enough); otherwise each replica reads its own. */
  stored: boolean;
}

/** What replicas share of the list cache. Every call may throw when the store is unreachable. */
export interface SharedListStore {
  /** The shop's current version (none after an invalidation or its TTL) and its invalidation count. */
  look(shop: string): Promise<{ current: ListEpoch | undefined; generation: string }>;
  /** The current version's list, when the store holds it. */
  records(shop: string): Promise<BepaidCustomer[] | undefined>;
  /**
   * Makes a list read under `generation` the current version, unless an invalidation came since
   * (then `undefined`). A list too large to store leaves a current version in place and returns it.
   */
  put(shop: string, generation: string, list: { readAt: number; records: readonly BepaidCustomer[] }): Promise<ListEpoch | undefined>;
  /** Ends the current version and counts an invalidation, so reads in flight do not store theirs. */
  invalidate(shop: string): Promise<void>;
}

/** KEYS: version, generation, list. ARGV: generation seen, version JSON, TTL ms, list JSON ('' when too large). */
const PUT: RedisScript = {
  name: "gatewayListPut",
  numberOfKeys: 3,
  lua: `
if (redis.call('GET', KEYS[2]) or '') ~= ARGV[1] then return false end
if ARGV[4] == '' then
  local current = redis.call('GET', KEYS[1])
  if current then return current end
  redis.call('DEL', KEYS[3])
else
  redis.call('SET', KEYS[3], ARGV[4], 'PX', ARGV[3])
end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
return ARGV[2]`,
};

/** KEYS: version, generation, list. ARGV: the generation's lifetime, ms. */
const INVALIDATE: RedisScript = {
  name: "gatewayListInvalidate",
  numberOfKeys: 3,
  lua: `
redis.call('INCR', KEYS[2])
redis.call('PEXPIRE', KEYS[2], ARGV[1])
redis.call('DEL', KEYS[1], KEYS[3])
return 1`,
};

/** Longer than any bePaid read can take, so no read in flight outlives its generation. */
const GENERATION_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * The list cache's shared part in Redis. Per shop three keys under `<prefix>list:<digest>`:
 * the current version (`{ epoch, readAt, stored }`, expiring with the TTL), the list's JSON
 * beside it (`:records`, when at most {@link MAX_STORED_LIST_BYTES}), and the invalidation
 * count (`:generation`). The digest is a SHA-256 of the shop's credential digest: Redis holds no
 * credential and no shop id. Customers' records are personal data: use a Redis you would trust
 * with bePaid's responses (the same one that holds idempotency outcomes).
 */
export function createRedisListStore({ shared: { redis, prefix }, ttlMs }: { shared: SharedRedis; ttlMs: number }): SharedListStore {
  const putScript = defineScript<string | null>(redis, PUT);
  const invalidateScript = defineScript<number>(redis, INVALIDATE);
  const keysOf = (shop: string) => {
    const version = `${prefix}list:${createHash("sha256").update(shop).digest("hex")}`;
    return { version, generation: `${version}:generation`, records: `${version}:records` };
  };
  return {
    async look(shop) {
      const keys = keysOf(shop);
      const [version, generation] = await redis.mget(keys.version, keys.generation);
      return { current: version ? (JSON.parse(version) as ListEpoch) : undefined, generation: generation ?? "" };
    },
    async records(shop) {
      const text = await redis.get(keysOf(shop).records);
      return text === null ? undefined : parseCustomerList(JSON.parse(text));
    },
    async put(shop, generation, { readAt, records }) {
      const keys = keysOf(shop);
      const text = serialize(records, MAX_STORED_LIST_BYTES);
      const version: ListEpoch = { epoch: randomUUID(), readAt, stored: text !== undefined };
      const current = await putScript(keys.version, keys.generation, keys.records, generation, JSON.stringify(version), ttlMs, text ?? "");
      return current ? (JSON.parse(current) as ListEpoch) : undefined;
    },
    async invalidate(shop) {
      const keys = keysOf(shop);
      await invalidateScript(keys.version, keys.generation, keys.records, GENERATION_TTL_MS);
    },
  };
}

/** The list as JSON, or `undefined` as soon as it passes `maxBytes`. */
function serialize(records: readonly BepaidCustomer[], maxBytes: number): string | undefined {
  const parts: string[] = [];
  let bytes = 2;
  for (const record of records) {
    const text = JSON.stringify(record);
    bytes += Buffer.byteLength(text) + 1;
    if (bytes > maxBytes) return undefined;
    parts.push(text);
  }
  return `[${parts.join(",")}]`;
}
