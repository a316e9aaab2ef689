import { describe, expect, it } from "vitest";
import { CustomersDocument } from "../generated/graphql.js";
import { basic, bearer, customersFrom, DEMO, expectAddressRefused, expectRefused, LIMIT, queryFrom, TIMEOUT, TOKENS } from "../helpers/rate-limit.js";
import { type GraphQLResponse, useStack } from "../helpers/stack.js";

describe("GATEWAY_RATE_LIMIT on one gateway (counted in memory)", () => {
  const stack = useStack({ env: { ...TIMEOUT, GATEWAY_RATE_LIMIT: String(LIMIT), GATEWAY_TOKENS: TOKENS.join(",") } });

  it("lets a caller run the limit's worth of operations a minute and refuses the rest with 429, without calling bePaid", async () => {
    const answers: GraphQLResponse<unknown>[] = [];
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

describe("GATEWAY_RATE_LIMIT with pass-through callers", () => {
  const stack = useStack({ env: { ...TIMEOUT, GATEWAY_RATE_LIMIT: String(LIMIT), GATEWAY_PASSTHROUGH: "true" } });

  it("counts a wrong secret as another caller: guesses cannot lock the real shop out", async () => {
    for (let guess = 0; guess < LIMIT + 2; guess += 1) await customersFrom(stack, "127.0.0.2", basic(DEMO.shopId, `guess-${guess}`));
    const real = await customersFrom(stack, "127.0.0.3", basic(DEMO.shopId, DEMO.secretKey));
    expect(real.status).toBe(200);
    expect(real.body.errors).toBeUndefined();
  });

  it("refuses an address whose credentials bePaid refused the limit's worth of times, without calling bePaid again", async () => {
    const answers: GraphQLResponse<unknown>[] = [];
    for (let guess = 0; guess < LIMIT + 2; guess += 1) answers.push(await customersFrom(stack, "127.0.0.4", basic(`shop-${guess}`, "guess")));
    for (const answer of answers.slice(0, LIMIT)) expect(answer.body.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    for (const answer of answers.slice(LIMIT)) expectAddressRefused(answer);
    expect(stack.upstreamCalls()).toBe(LIMIT);
    // Whatever the address sends for the rest of the minute, the real secret included.
    expectAddressRefused(await customersFrom(stack, "127.0.0.4", basic(DEMO.shopId, DEMO.secretKey)));
    expect(stack.upstreamCalls()).toBe(LIMIT);
    // Other addresses are served.
    expect((await customersFrom(stack, "127.0.0.5", basic(DEMO.shopId, DEMO.secretKey))).status).toBe(200);
  });

  it("counts malformed Basic credentials the gateway refuses itself", async () => {
    for (let sent = 0; sent < LIMIT; sent += 1) {
      expect((await customersFrom(stack, "127.0.0.6", { authorization: "Basic !!" })).status).toBe(401);
    }
    expectAddressRefused(await customersFrom(stack, "127.0.0.6", basic(DEMO.shopId, DEMO.secretKey)));
  });
});

describe("GATEWAY_RATE_LIMIT and bePaid's refusals", () => {
  const SHOP_B = { shopId: "2002", secretKey: "shop-b-secret" };
  const stack = useStack({ env: { ...TIMEOUT, GATEWAY_RATE_LIMIT: String(LIMIT), GATEWAY_PASSTHROUGH: "true" }, sandbox: { shops: [DEMO, SHOP_B] } });

  it("counts a pass-through operation that bePaid refused in part (403 on one of its calls) against the address", async () => {
    const JOHN = "cst_5ca4fab9dfc7fcbf";
    stack.sandbox.faults.push({ match: { method: "GET", path: "/customers" }, times: Infinity, action: { kind: "respond", status: 403 } });
    const both = `{ customers { id } customer(id: "${JOHN}") { id } }`;
    const answers: GraphQLResponse<unknown>[] = [];
    for (let sent = 0; sent < LIMIT; sent += 1) answers.push(await queryFrom(stack, "127.0.0.12", both, basic(DEMO.shopId, DEMO.secretKey)));
    for (const answer of answers) expect(answer.body.errors?.map((error) => error.extensions?.code)).toEqual(["UNAUTHENTICATED"]);
    expectAddressRefused(await queryFrom(stack, "127.0.0.12", both, basic(SHOP_B.shopId, SHOP_B.secretKey)));
  });
});

describe("GATEWAY_RATE_LIMIT and bePaid refusing the server-held credentials", () => {
  const tokens = ["server-a", "server-b", "server-c", "server-d"];
  const stack = useStack({ env: { ...TIMEOUT, GATEWAY_RATE_LIMIT: String(LIMIT), GATEWAY_TOKENS: tokens.join(","), BEPAID_SECRET_KEY: "not-the-shop-secret" } });

  it("does not count them against the caller's address: the gateway is misconfigured, the caller guessed nothing", async () => {
    for (const token of tokens) {
      const answer = await customersFrom(stack, "127.0.0.13", bearer(token));
      expect(answer.status).toBe(200);
      expect(answer.body.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    }
  });
});

describe("GATEWAY_RATE_LIMIT with bearer tokens: failed authentications per address", () => {
  const stack = useStack({ env: { ...TIMEOUT, GATEWAY_RATE_LIMIT: String(LIMIT), GATEWAY_TOKENS: TOKENS.join(",") } });

  it("refuses an address that sent the limit's worth of bad bearers, whatever it sends next, and serves other addresses", async () => {
    for (let sent = 0; sent < LIMIT; sent += 1) expect((await customersFrom(stack, "127.0.0.7", bearer(`bad-${sent}`))).status).toBe(401);
    expectAddressRefused(await customersFrom(stack, "127.0.0.7", bearer("bad-again")));
    expectAddressRefused(await customersFrom(stack, "127.0.0.7", bearer(TOKENS[0]!)));
    expect(stack.upstreamCalls()).toBe(0);
    expect((await customersFrom(stack, "127.0.0.8", bearer(TOKENS[0]!))).status).toBe(200);
  });

  it("does not count requests that send no credentials", async () => {
    for (let sent = 0; sent < LIMIT + 2; sent += 1) expect((await customersFrom(stack, "127.0.0.9")).status).toBe(401);
    expect((await customersFrom(stack, "127.0.0.9", bearer(TOKENS[1]!))).status).toBe(200);
  });
});

describe("failed authentications without GATEWAY_RATE_LIMIT", () => {
  const stack = useStack({ env: { ...TIMEOUT, GATEWAY_TOKENS: TOKENS.join(",") } });

  it("are not limited", async () => {
    for (let sent = 0; sent < 10; sent += 1) expect((await customersFrom(stack, "127.0.0.10", bearer("bad"))).status).toBe(401);
    expect((await customersFrom(stack, "127.0.0.10", bearer(TOKENS[0]!))).status).toBe(200);
  });
});
