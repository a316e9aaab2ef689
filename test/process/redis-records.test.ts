import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { CreateCustomerDocument } from "../generated/graphql.js";
import { REDIS_URL, redisForTests, uniquePrefix } from "../helpers/redis.js";
import { useStack } from "../helpers/stack.js";

const SHOP = { shopId: "3001", secretKey: "shop-secret-never-stored" };
const AUTHORIZATION = `Basic ${Buffer.from(`${SHOP.shopId}:${SHOP.secretKey}`).toString("base64")}`;
const redisUp = await redisForTests("what Redis holds");

describe.skipIf(!redisUp)("what the gateway keeps in Redis", () => {
  const prefix = uniquePrefix("records");
  const stack = useStack({
    sandbox: { shops: [SHOP] },
    env: { BEPAID_SHOP_ID: "", BEPAID_SECRET_KEY: "", GATEWAY_PASSTHROUGH: "true", GATEWAY_RATE_LIMIT: "100", REDIS_URL, REDIS_PREFIX: prefix, BEPAID_TIMEOUT_MS: "10000" },
  });
  const redis = new Redis(REDIS_URL);
  afterAll(async () => {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  });

  it("holds records and counts under REDIS_PREFIX, with no credential and not the caller's key", async () => {
    const input = { email: "stored@example.com", ip: "10.7.7.7" };
    const created = await stack.execute(CreateCustomerDocument, { input }, { authorization: AUTHORIZATION, "idempotency-key": "order-4711-create" });
    expect(created.body.errors).toBeUndefined();

    const keys = await redis.keys(`${prefix}*`);
    expect(keys.map((key) => key.slice(prefix.length).replace(/[0-9a-f]{64}/, "<digest>")).sort()).toEqual(["idempotency:<digest>", "rate:<digest>"]);
    const stored = await Promise.all(keys.map((key) => redis.get(key)));
    const everything = [...keys, ...stored].join("\n");
    for (const secret of [SHOP.secretKey, AUTHORIZATION.slice("Basic ".length), "order-4711-create"]) expect(everything).not.toContain(secret);
    // What a replay needs: the customer, as the caller was answered.
    expect(JSON.parse(stored[keys.findIndex((key) => key.includes("idempotency:"))]!)).toMatchObject({
      outcome: { ok: true, value: { id: created.body.data?.createCustomer?.id, email: input.email } },
    });
  });
});
