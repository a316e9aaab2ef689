import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CreateCustomerDocument, CustomersPageDocument } from "../generated/graphql.js";
import { ownRedis, type OwnRedis, REDIS_URL, redisForTests, uniquePrefix } from "../helpers/redis.js";
import { type Stack, startStack } from "../helpers/stack.js";

const INPUT = { email: "cached@example.com", ip: "10.9.9.9", firstName: "Cached" };
const redisUp = await redisForTests("the list cache in Redis");

/** Keys under `prefix` in the shared Redis, without the prefix; `remove` deletes them. */
async function redisKeys(prefix: string, { remove = false } = {}): Promise<string[]> {
  const redis = new Redis(REDIS_URL);
  try {
    const keys = await redis.keys(`${prefix}*`);
    if (remove && keys.length > 0) await redis.del(...keys);
    return keys.map((key) => key.slice(prefix.length));
  } finally {
    redis.disconnect();
  }
}

/** Two gateways (replicas) on one sandbox whose shop holds `generated` more customers, sharing a Redis prefix of their own. */
function useReplicas(name: string, generated: number): { one: Stack; two: Stack; prefix: string } {
  const replicas = { prefix: uniquePrefix(name) } as { one: Stack; two: Stack; prefix: string };
  beforeAll(async () => {
    const env = { REDIS_URL, REDIS_PREFIX: replicas.prefix, GATEWAY_LIST_CACHE_TTL_MS: "600000", BEPAID_TIMEOUT_MS: "10000" };
    replicas.one = await startStack({ sandbox: { generated }, env });
    replicas.two = await startStack({ bepaidUrl: replicas.one.sandbox.url, env });
  }, 60_000);
  afterAll(async () => {
    await Promise.all([replicas.one?.close(), replicas.two?.close()]);
    await redisKeys(replicas.prefix, { remove: true });
  });
  return replicas;
}

describe.skipIf(!redisUp)("the list cache in Redis (REDIS_URL), shared by two replicas", () => {
  const replicas = useReplicas("list-cache", 38);

  it("serves one replica's read to the other, sees a create made through either at once, and keeps no credential in Redis", async () => {
    const { one, two, prefix } = replicas;
    const reads = () => one.upstreamCalls("GET", "/customers");
    const page = (stack: Stack) => stack.execute(CustomersPageDocument, { first: 100 });
    const first = await page(one);
    expect(first.body).not.toHaveProperty("extensions");
    const second = await page(two);
    expect(second.body.data).toEqual(first.body.data);
    expect((second.body as { extensions?: { listAge?: number } }).extensions?.listAge).toEqual(expect.any(Number));
    expect(reads()).toBe(1);

    const created = await two.execute(CreateCustomerDocument, { input: INPUT });
    const id = created.body.data!.createCustomer!.id;
    const seen = await page(one);
    expect(seen.body.data!.customersConnection.edges.at(-1)?.node.id).toBe(id);
    expect(reads()).toBe(2);
    expect((await page(two)).body.data).toEqual(seen.body.data);
    expect(reads()).toBe(2);

    expect((await redisKeys(prefix)).sort()).toEqual([
      expect.stringMatching(/^list:[0-9a-f]{64}$/),
      expect.stringMatching(/^list:[0-9a-f]{64}:generation$/),
      expect.stringMatching(/^list:[0-9a-f]{64}:records$/),
    ]);
  });
});

describe.skipIf(!redisUp)("a list too large for Redis (over 4 MiB), on two replicas", () => {
  const replicas = useReplicas("list-cache-large", 20_000);
  const readsBy = (stack: Stack) => () => stack.logs.filter((line) => line.includes('"call":"GET /customers"')).length;

  it("is kept by each replica, while Redis still carries the invalidation of a create to the other", async () => {
    const { one, two, prefix } = replicas;
    const [oneReads, twoReads] = [readsBy(one), readsBy(two)];
    const total = async (stack: Stack) => (await stack.execute(CustomersPageDocument, { first: 1 })).body.data!.customersConnection.totalCount;
    expect(await total(one)).toBe(20_002);
    expect(await total(two)).toBe(20_002);
    expect(await total(one)).toBe(20_002);
    expect(await total(two)).toBe(20_002);
    expect([oneReads(), twoReads()]).toEqual([1, 1]);

    await one.execute(CreateCustomerDocument, { input: INPUT });
    expect(await total(two)).toBe(20_003);
    expect([oneReads(), twoReads()]).toEqual([1, 2]);
    expect((await redisKeys(prefix)).filter((key) => key.endsWith(":records"))).toEqual([]);
  });
});

describe.skipIf(!redisUp)("the list cache while its Redis is down", () => {
  let redis: OwnRedis;
  let stack: Stack;

  beforeAll(async () => {
    redis = await ownRedis();
    await redis.start();
    stack = await startStack({ env: { REDIS_URL: redis.url, REDIS_PREFIX: uniquePrefix("list-outage"), GATEWAY_LIST_CACHE_TTL_MS: "600000", BEPAID_TIMEOUT_MS: "5000" } });
  }, 60_000);
  afterAll(async () => {
    await stack?.close();
    await redis?.stop();
  });

  it("reads bePaid instead, and logs it once", async () => {
    await stack.execute(CustomersPageDocument, {});
    expect((await stack.execute(CustomersPageDocument, {})).body).toHaveProperty("extensions.listAge");
    await redis.stop();
    for (let read = 0; read < 3; read++) {
      const { body } = await stack.execute(CustomersPageDocument, {});
      expect(body.errors).toBeUndefined();
      expect(body.data?.customersConnection.totalCount).toBe(2);
      expect(body).not.toHaveProperty("extensions");
    }
    expect(stack.upstreamCalls("GET", "/customers")).toBe(4);
    const warnings = stack.logs.filter((line) => line.includes("list cache: the shared store is unreachable"));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).not.toContain(redis.url);
  });
});
