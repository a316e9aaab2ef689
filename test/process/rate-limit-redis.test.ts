import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CustomersDocument } from "../generated/graphql.js";
import { bearer, customersFrom, expectAddressRefused, expectRefused, LIMIT, TIMEOUT, TOKENS } from "../helpers/rate-limit.js";
import { REDIS_URL, redisForTests, uniquePrefix } from "../helpers/redis.js";
import { type Stack, startStack } from "../helpers/stack.js";

const redisUp = await redisForTests("rate limits across replicas");

describe.skipIf(!redisUp)("GATEWAY_RATE_LIMIT across two replicas on one Redis", () => {
  let replicas: Stack[];
  const bepaidReads = () => replicas.reduce((sum, replica) => sum + replica.upstreamCalls("GET"), 0);

  beforeAll(async () => {
    const env = { ...TIMEOUT, GATEWAY_RATE_LIMIT: String(LIMIT), GATEWAY_TOKENS: TOKENS.join(","), REDIS_URL, REDIS_PREFIX: uniquePrefix("rate-limit") };
    replicas = [await startStack({ env }), await startStack({ env })];
  });
  afterAll(() => Promise.all(replicas.map((replica) => replica.close())));

  it("lets exactly the limit through the two together, at once, and refuses the rest with 429 without calling bePaid", async () => {
    const answers = await Promise.all(
      Array.from({ length: LIMIT * 3 }, (_, sent) => replicas[sent % 2]!.execute(CustomersDocument, undefined, bearer(TOKENS[0]!))),
    );
    const passed = answers.filter((answer) => answer.status === 200);
    expect(passed).toHaveLength(LIMIT);
    for (const answer of passed) expect(answer.body.errors).toBeUndefined();
    for (const answer of answers.filter((answer) => answer.status !== 200)) expectRefused(answer);
    expect(bepaidReads()).toBe(LIMIT);

    // Another caller has a window of its own on both replicas.
    expect((await replicas[1]!.execute(CustomersDocument, undefined, bearer(TOKENS[1]!))).status).toBe(200);
  });

  it("counts an address's failed authentications on both replicas together", async () => {
    const before = bepaidReads();
    for (let sent = 0; sent < LIMIT; sent += 1) expect((await customersFrom(replicas[sent % 2]!, "127.0.0.11", bearer(`bad-${sent}`))).status).toBe(401);
    for (const replica of replicas) expectAddressRefused(await customersFrom(replica, "127.0.0.11", bearer(TOKENS[2]!)));
    expect(bepaidReads()).toBe(before);
  });
});
