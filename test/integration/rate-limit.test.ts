import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CustomersDocument } from "../generated/graphql.js";
import { REDIS_URL, redisForTests, uniquePrefix } from "../helpers/redis.js";
import { type GraphQLAnswer, type Stack, startStack, useStack } from "../helpers/stack.js";

const LIMIT = 3;
const TOKENS = ["rate-token-one", "rate-token-two", "rate-token-three"];
const redisUp = await redisForTests("rate limits across replicas");
// Calls are counted: a long timeout keeps a busy machine from turning a slow GET into a retried one.
const TIMEOUT = { BEPAID_TIMEOUT_MS: "10000" };
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** What a refused caller sees: 429, RATE_LIMITED, and when to come back, in the header and the body alike. */
function expectRefused(answer: GraphQLAnswer<unknown>) {
  expect(answer.status).toBe(429);
  const retryAfter = Number(answer.headers.get("retry-after"));
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(60);
  expect(answer.body).toEqual({
    errors: [
      {
        message: `Too many operations: at most ${LIMIT} per minute per caller. Retry in ${retryAfter} s.`,
        extensions: { code: "RATE_LIMITED", retryAfter },
      },
    ],
  });
}

describe("GATEWAY_RATE_LIMIT on one gateway (counted in memory)", () => {
  const stack = useStack({ env: { ...TIMEOUT, GATEWAY_RATE_LIMIT: String(LIMIT), GATEWAY_TOKENS: TOKENS.join(",") } });

  it("lets a caller run the limit's worth of operations a minute and refuses the rest with 429, without calling bePaid", async () => {
    const answers: GraphQLAnswer<unknown>[] = [];
    for (let sent = 0; sent < LIMIT + 2; sent += 1) answers.push(await stack.execute(CustomersDocument, undefined, bearer(TOKENS[0]!)));
    for (const answer of answers.slice(0, LIMIT)) expect(answer.body.errors).toBeUndefined();
    for (const answer of answers.slice(LIMIT)) expectRefused(answer);
    expect(stack.upstreamCalls("GET")).toBe(LIMIT);
  });

  it("counts each caller apart", async () => {
    for (let sent = 0; sent < LIMIT + 1; sent += 1) await stack.execute(CustomersDocument, undefined, bearer(TOKENS[1]!));
    const other = await stack.execute(CustomersDocument, undefined, bearer(TOKENS[2]!));
    expect(other.status).toBe(200);
    expect(other.body.errors).toBeUndefined();
  });
});

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
});
