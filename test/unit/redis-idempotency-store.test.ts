import { afterAll, describe, expect, it } from "vitest";
import { IDEMPOTENCY_TTL_MS } from "../../src/idempotency/idempotent-create.js";
import { createRedisIdempotencyStore } from "../../src/idempotency/redis-idempotency-store.js";
import { createLogger } from "../../src/logger.js";
import { connectSharedRedis, type SharedRedis } from "../../src/shared-state/shared-redis.js";
import { REDIS_URL, redisForTests, uniquePrefix } from "../helpers/redis.js";

const redisUp = await redisForTests("the Redis idempotency store");

describe.skipIf(!redisUp)("the Redis idempotency store", () => {
  const prefix = uniquePrefix("idempotency-store");
  const connections: SharedRedis[] = [];
  /** One replica's store: a connection of its own to the shared Redis. */
  const replica = async (leaseMs = 60_000) => {
    const shared = connectSharedRedis({ url: REDIS_URL, prefix, logger: createLogger({ level: "silent" }), onStateChange: () => undefined });
    connections.push(shared);
    await shared.firstAttempt;
    return { shared, store: createRedisIdempotencyStore({ shared, leaseMs }) };
  };
  afterAll(async () => {
    const keys = await connections[0]!.redis.keys(`${prefix}*`);
    if (keys.length > 0) await connections[0]!.redis.del(...keys);
    await Promise.all(connections.map((shared) => shared.close()));
  });

  it("hands a key to exactly one of many replicas claiming it at once", async () => {
    const stores = await Promise.all([replica(), replica(), replica()]);
    const claims = await Promise.all(Array.from({ length: 30 }, (_, i) => stores[i % 3]!.store.claim("race", "f", IDEMPOTENCY_TTL_MS)));
    expect(claims.filter((claim) => claim === undefined)).toHaveLength(1);
    for (const claim of claims.filter(Boolean)) expect(claim).toEqual({ fingerprint: "f", abandoned: false });
  });

  it("keeps a record 24 hours and replays its outcome on every replica", async () => {
    const [a, b] = await Promise.all([replica(), replica()]);
    await a.store.claim("kept", "f", IDEMPOTENCY_TTL_MS);
    await a.store.complete("kept", { ok: true, value: { id: "cst_1" } });
    expect(await b.store.claim("kept", "f", IDEMPOTENCY_TTL_MS)).toEqual({ fingerprint: "f", outcome: { ok: true, value: { id: "cst_1" } }, abandoned: false });
    const [record] = await a.shared.redis.keys(`${prefix}idempotency:*`).then((keys) => keys.filter((key) => !key.endsWith(":lease")));
    const ttl = await a.shared.redis.pttl(record!);
    expect(ttl).toBeGreaterThan(IDEMPOTENCY_TTL_MS - 60_000);
    expect(ttl).toBeLessThanOrEqual(IDEMPOTENCY_TTL_MS);
  });

  it("reads a claim whose owner died as abandoned once its lease ran out, never as free", async () => {
    const owner = await replica(300);
    const other = await replica();
    expect(await owner.store.claim("orphan", "f", IDEMPOTENCY_TTL_MS)).toBeUndefined();
    await owner.shared.close(); // the owner dies: no renewal, no outcome
    let seen = await other.store.claim("orphan", "f", IDEMPOTENCY_TTL_MS);
    for (let tries = 0; tries < 100 && seen?.abandoned === false; tries += 1) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      seen = await other.store.claim("orphan", "f", IDEMPOTENCY_TTL_MS);
    }
    expect(seen).toEqual({ fingerprint: "f", abandoned: true });
  });

  it("renews a live owner's lease, so a long create is not taken for abandoned", async () => {
    const owner = await replica(1500);
    const other = await replica();
    await owner.store.claim("long", "f", IDEMPOTENCY_TTL_MS);
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(await other.store.claim("long", "f", IDEMPOTENCY_TTL_MS)).toEqual({ fingerprint: "f", abandoned: false });
    await owner.store.release("long");
    expect(await other.store.claim("long", "g", IDEMPOTENCY_TTL_MS)).toBeUndefined();
  });

  it("writes neither the caller's key nor its scope into Redis's key names", async () => {
    const { shared, store } = await replica();
    await store.claim("scope-digest:my-secret-order-key", "f", IDEMPOTENCY_TTL_MS);
    const keys = await shared.redis.keys(`${prefix}*`);
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.join(" ")).not.toMatch(/my-secret-order-key|scope-digest/);
  });
});
