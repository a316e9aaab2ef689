import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { CreateCustomerDocument, CustomerDocument, CustomersDocument } from "../generated/graphql.js";
import { ownRedis, type OwnRedis, redisForTests, uniquePrefix } from "../helpers/redis.js";
import { type Stack, startStack } from "../helpers/stack.js";

const INPUT = { email: "outage@example.com", ip: "10.4.4.4" };
const redisUp = await redisForTests("Redis outage");

describe.skipIf(!redisUp)("a gateway whose Redis goes down and comes back", () => {
  let redis: OwnRedis;
  let stack: Stack;
  let key = 0;
  const keyed = () => stack.execute(CreateCustomerDocument, { input: INPUT }, { "idempotency-key": `outage-${++key}` });
  const unkeyed = () => stack.execute(CreateCustomerDocument, { input: INPUT });
  const posts = () => stack.upstreamCalls("POST");
  const storeUp = async () => (await (await fetch(new URL("/metrics", stack.gatewayUrl))).text()).match(/^gateway_shared_store_up (\d)$/m)?.[1];
  const until = async (value: string) => {
    for (let tries = 0; tries < 300 && (await storeUp()) !== value; tries += 1) await new Promise((resolve) => setTimeout(resolve, 50));
  };
  const logged = (message: string) => stack.logs.filter((line) => (JSON.parse(line) as { msg: string }).msg === message).length;
  const readsAndUnkeyedCreatesWork = async () => {
    expect((await stack.execute(CustomersDocument)).body.errors).toBeUndefined();
    expect((await stack.execute(CustomerDocument, { id: "cst_5ca4fab9dfc7fcbf" })).body.data?.customer?.id).toBe("cst_5ca4fab9dfc7fcbf");
    expect((await unkeyed()).body.errors).toBeUndefined();
    expect((await fetch(new URL("/readyz", stack.gatewayUrl))).status).toBe(200);
  };

  beforeAll(async () => {
    redis = await ownRedis();
    await redis.start();
    stack = await startStack({ env: { REDIS_URL: redis.url, REDIS_PREFIX: uniquePrefix("outage"), GATEWAY_RATE_LIMIT: "10000", BEPAID_TIMEOUT_MS: "10000" } });
    await until("1");
  }, 60_000);
  afterAll(async () => {
    await stack?.close();
    await redis?.stop();
  });

  it("keeps keyed creates honest, and everything else serving, before, during and after the outage", async () => {
    expect(await storeUp()).toBe("1");
    expect((await keyed()).body.errors).toBeUndefined();
    await readsAndUnkeyedCreatesWork();

    await redis.stop();
    await until("0");
    expect(await storeUp()).toBe("0");
    const before = posts();
    for (const answer of [await keyed(), await keyed()]) {
      expect(answer.body).toEqual({
        data: { createCustomer: null },
        errors: [expect.objectContaining({ path: ["createCustomer"], extensions: { code: "IDEMPOTENCY_UNAVAILABLE" } })],
      });
    }
    expect(posts()).toBe(before);
    await readsAndUnkeyedCreatesWork();

    await redis.start();
    await until("1");
    expect(await storeUp()).toBe("1");
    const created = await keyed();
    expect(created.body.errors).toBeUndefined();
    expect(created.body.data?.createCustomer?.id).toMatch(/^cst_/);
    await readsAndUnkeyedCreatesWork();

    // One line for the outage and one for the recovery, not one per request.
    expect(logged("shared store unreachable")).toBe(1);
    expect(logged("shared store reachable again")).toBe(1);
    expect(logged("rate limits not enforced: the shared store is unreachable")).toBe(1);
    expect(logged("rate limits enforced again")).toBe(1);
  });

  it("leaves a key answered IDEMPOTENCY_UNAVAILABLE while Redis was paused free once it answers again: the retry makes one POST", async () => {
    const prefix = uniquePrefix("paused");
    const paused = await startStack({ env: { REDIS_URL: redis.url, REDIS_PREFIX: prefix, BEPAID_TIMEOUT_MS: "10000" } });
    const admin = new Redis(redis.url);
    const create = () => paused.execute(CreateCustomerDocument, { input: INPUT }, { "idempotency-key": "paused-key" });
    try {
      expect((await paused.execute(CustomersDocument)).body.errors).toBeUndefined();
      // Longer than the gateway's 1 s command timeout: it gives up on its claim, which Redis runs when the pause ends.
      await admin.call("CLIENT", "PAUSE", "2500", "ALL");
      const refused = await create();
      expect(refused.body.errors?.[0]?.extensions).toEqual({ code: "IDEMPOTENCY_UNAVAILABLE" });
      expect(paused.upstreamCalls("POST")).toBe(0);

      await admin.ping(); // answered once the pause is over
      await vi.waitFor(async () => expect(await admin.keys(`${prefix}idempotency:*`)).toEqual([]), { timeout: 5_000 });
      const retried = await create();
      expect(retried.body.errors).toBeUndefined();
      expect(retried.body.data?.createCustomer?.id).toMatch(/^cst_/);
      const replayed = await create();
      expect(replayed.headers.get("idempotent-replayed")).toBe("true");
      expect(replayed.body).toEqual(retried.body);
      expect(paused.upstreamCalls("POST")).toBe(1);
    } finally {
      admin.disconnect();
      await paused.close();
    }
  });

  it("starts, and is ready, while Redis is down", async () => {
    await redis.stop();
    const alone = await startStack({ env: { REDIS_URL: redis.url, REDIS_PREFIX: uniquePrefix("outage"), BEPAID_TIMEOUT_MS: "10000" } });
    try {
      expect((await fetch(new URL("/readyz", alone.gatewayUrl))).status).toBe(200);
      expect((await alone.execute(CustomersDocument)).body.errors).toBeUndefined();
      const answer = await alone.execute(CreateCustomerDocument, { input: INPUT }, { "idempotency-key": "while-down" });
      expect(answer.body.errors?.[0]?.extensions).toEqual({ code: "IDEMPOTENCY_UNAVAILABLE" });
      expect(alone.upstreamCalls("POST")).toBe(0);
    } finally {
      await alone.close();
    }
  });
});
