import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { CreateCustomerDocument, CustomersDocument } from "../generated/graphql.js";
import { type IdentityProvider, type SigningKey, startIdentityProviderWithKey } from "./identity-provider.js";
import { type Stack, startStack } from "./stack.js";

const SHOP_A = { shopId: "2001", secretKey: "key-a" };
const SHOP_B = { shopId: "2002", secretKey: "key-b" };
const basic = (shop: typeof SHOP_A) => `Basic ${Buffer.from(`${shop.shopId}:${shop.secretKey}`).toString("base64")}`;
const INPUT = { email: "once@example.com", ip: "10.9.9.9", firstName: "Once" };

/**
 * The Idempotency-Key rules, word for word whichever store keeps the keys: `store` names it
 * ("in memory", "in Redis"), `storeEnv` configures it. Run by test/integration/idempotency.test.ts
 * (memory) and test/process/idempotency-redis.test.ts (Redis).
 */
export function idempotencyRules(store: string, storeEnv: Record<string, string>): void {
  describe(`Idempotency-Key on createCustomer, keys kept ${store}`, () => {
    let stack: Stack;
    let key = 0;
    const nextKey = () => `key-${++key}`;
    const create = (idempotencyKey: string, input: typeof INPUT | Record<string, string> = INPUT, shop = SHOP_A) =>
      stack.execute(CreateCustomerDocument, { input: input as typeof INPUT }, { "idempotency-key": idempotencyKey, authorization: basic(shop) });

    beforeAll(async () => {
      stack = await startStack({
        sandbox: { shops: [SHOP_A, SHOP_B] },
        // A long timeout: one test holds a create in flight on purpose.
        env: { BEPAID_SHOP_ID: "", BEPAID_SECRET_KEY: "", GATEWAY_PASSTHROUGH: "true", BEPAID_TIMEOUT_MS: "5000", ...storeEnv },
      });
    });
    afterAll(() => stack.close());
    beforeEach(() => stack.sandbox.reset());

    it("replays the first outcome for the same key and input, without calling bePaid again", async () => {
      const idempotencyKey = nextKey();
      const first = await create(idempotencyKey);
      const second = await create(idempotencyKey);
      expect(first.body.errors).toBeUndefined();
      expect(second.body).toEqual(first.body);
      expect(first.headers.get("idempotent-replayed")).toBeNull();
      expect(second.headers.get("idempotent-replayed")).toBe("true");
      expect(stack.upstreamCalls("POST")).toBe(1);
    });

    it("refuses the same key with another input", async () => {
      const idempotencyKey = nextKey();
      await create(idempotencyKey);
      const { body } = await create(idempotencyKey, { ...INPUT, firstName: "Twice" });
      expect(body.data).toEqual({ createCustomer: null });
      expect(body.errors?.[0]).toMatchObject({
        path: ["createCustomer"],
        message: "This Idempotency-Key was used with a different input; use a new key for a new customer.",
        extensions: { code: "IDEMPOTENCY_KEY_REUSED" },
      });
      expect(stack.upstreamCalls("POST")).toBe(1);
    });

    it("treats a field sent as null and the same field left out as one input, since bePaid is sent the same body", async () => {
      const idempotencyKey = nextKey();
      const first = await create(idempotencyKey, { ...INPUT, lastName: null } as unknown as typeof INPUT);
      const second = await create(idempotencyKey, INPUT);
      expect(first.body.errors).toBeUndefined();
      expect(second.body).toEqual(first.body);
      expect(second.headers.get("idempotent-replayed")).toBe("true");
      expect(stack.upstreamCalls("POST")).toBe(1);
    });

    it("keeps keys apart per credential set", async () => {
      const idempotencyKey = nextKey();
      const asA = await create(idempotencyKey, INPUT, SHOP_A);
      const asB = await create(idempotencyKey, INPUT, SHOP_B);
      expect(asB.body.data?.createCustomer?.id).not.toBe(asA.body.data?.createCustomer?.id);
      expect(stack.upstreamCalls("POST")).toBe(2);
    });

    it("replays a lost answer as UPSTREAM_OUTCOME_UNKNOWN and never resends the create", async () => {
      const idempotencyKey = nextKey();
      stack.sandbox.faults.push({ match: { method: "POST" }, action: { kind: "handleThenReset" } });
      const first = await create(idempotencyKey);
      const second = await create(idempotencyKey);
      expect(first.body.errors?.[0]?.extensions?.code).toBe("UPSTREAM_OUTCOME_UNKNOWN");
      expect(second.body.errors?.[0]?.extensions?.code).toBe("UPSTREAM_OUTCOME_UNKNOWN");
      expect(stack.upstreamCalls("POST")).toBe(1);
      const list = await stack.execute(CustomersDocument, undefined, { authorization: basic(SHOP_A) });
      expect(list.body.data?.customers.filter((customer) => customer.email === INPUT.email).length).toBeGreaterThan(0);
    });

    it("keeps a create answered 502 as UPSTREAM_OUTCOME_UNKNOWN for its key: a retry replays it and is never resent", async () => {
      const idempotencyKey = nextKey();
      stack.sandbox.faults.push({ match: { method: "POST" }, action: { kind: "respond", status: 502 } });
      const first = await create(idempotencyKey);
      const second = await create(idempotencyKey);
      expect(first.body.errors?.[0]?.extensions).toMatchObject({ code: "UPSTREAM_OUTCOME_UNKNOWN", upstreamStatus: 502 });
      expect(second.body.errors).toEqual(first.body.errors);
      expect(second.headers.get("idempotent-replayed")).toBe("true");
      expect(stack.upstreamCalls("POST")).toBe(1);
    });

    it("replays bePaid's refusal of the input", async () => {
      const idempotencyKey = nextKey();
      const invalid = { email: "x@example.com", ip: "10.0.0.1", country: "US", zip: "nope", state: "CO" };
      const first = await create(idempotencyKey, invalid);
      const second = await create(idempotencyKey, invalid);
      expect(first.body.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
      expect(second.body.errors).toEqual(first.body.errors);
      expect(stack.upstreamCalls("POST")).toBe(1);
    });

    it("frees the key when bePaid turned the create away unprocessed (429), so a retry goes through", async () => {
      const idempotencyKey = nextKey();
      stack.sandbox.faults.push({ match: { method: "POST" }, action: { kind: "respond", status: 429, headers: { "Retry-After": "1" } } });
      const refused = await create(idempotencyKey);
      const retried = await create(idempotencyKey);
      expect(refused.body.errors?.[0]?.extensions?.code).toBe("RATE_LIMITED");
      expect(retried.body.errors).toBeUndefined();
      expect(retried.body.data?.createCustomer?.email).toBe(INPUT.email);
      expect(stack.upstreamCalls("POST")).toBe(2);
    });

    it("refuses a second create with the key while the first is still in flight", async () => {
      const idempotencyKey = nextKey();
      stack.sandbox.faults.push({ match: { method: "POST" }, action: { kind: "delay", ms: 1000 } });
      const firstResponse = create(idempotencyKey);
      while (stack.upstreamCalls("POST") === 0) await new Promise((resolve) => setTimeout(resolve, 5));
      const second = await create(idempotencyKey);
      const first = await firstResponse;
      expect(first.body.errors).toBeUndefined();
      expect(second.body.errors?.[0]?.extensions?.code).toBe("IDEMPOTENCY_KEY_IN_USE");
      expect(stack.upstreamCalls("POST")).toBe(1);
    });

    it("refuses a key that is not printable ASCII, before calling bePaid", async () => {
      const { body } = await create("has space");
      expect(body.errors?.[0]?.extensions?.code).toBe("IDEMPOTENCY_KEY_INVALID");
      expect(stack.upstreamCalls()).toBe(0);
    });

    it("does not hold a key for an input the gateway refused itself", async () => {
      const idempotencyKey = nextKey();
      const refused = await create(idempotencyKey, { email: "x@example.com", ip: "" });
      expect(refused.body.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
      const { body } = await create(idempotencyKey);
      expect(body.errors).toBeUndefined();
    });
  });

  describe(`an Idempotency-Key belongs to one caller within its credential set, keys kept ${store}`, () => {
    let stack: Stack;
    let idp: IdentityProvider;
    let key: SigningKey;
    const TOKENS = ["batch-job-token", "another-job-token"];
    const ALICE_INPUT = { email: "alice@example.com", ip: "10.0.0.1", firstName: "Alice" };
    const asUser = async (sub: string) => ({ authorization: `Bearer ${await idp.mint(key, { sub, scope: "customers:write" })}` });
    const create = (idempotencyKey: string, input: Record<string, string>, headers: Record<string, string>) =>
      stack.execute(CreateCustomerDocument, { input: input as typeof INPUT }, { "idempotency-key": idempotencyKey, ...headers });

    beforeAll(async () => {
      ({ idp, key } = await startIdentityProviderWithKey("ES256", "ec-1"));
      stack = await startStack({ env: { ...idp.env, GATEWAY_TOKENS: TOKENS.join(","), BEPAID_TIMEOUT_MS: "5000", ...storeEnv } });
    });
    afterAll(async () => {
      await stack.close();
      await idp.close();
    });
    beforeEach(() => stack.sandbox.reset());

    it("gives another user sending the same key and input a create of their own, never the first user's customer", async () => {
      const alice = await create("shared-key-1", ALICE_INPUT, await asUser("alice"));
      const bob = await create("shared-key-1", ALICE_INPUT, await asUser("bob"));
      expect(alice.body.errors).toBeUndefined();
      expect(bob.body.errors).toBeUndefined();
      expect(bob.headers.get("idempotent-replayed")).toBeNull();
      expect(bob.body.data?.createCustomer?.id).toMatch(/^cst_/);
      expect(bob.body.data?.createCustomer?.id).not.toBe(alice.body.data?.createCustomer?.id);
      expect(stack.upstreamCalls("POST")).toBe(2);
      // Alice's own retry still replays hers.
      const again = await create("shared-key-1", ALICE_INPUT, await asUser("alice"));
      expect(again.body).toEqual(alice.body);
      expect(stack.upstreamCalls("POST")).toBe(2);
    });

    it("tells another user sending the same key with another input nothing of the first input", async () => {
      await create("shared-key-2", ALICE_INPUT, await asUser("alice"));
      const bob = await create("shared-key-2", { email: "bob@example.com", ip: "10.0.0.2" }, await asUser("bob"));
      expect(bob.body.errors).toBeUndefined();
      expect(bob.body.data?.createCustomer?.id).toMatch(/^cst_/);
    });

    it("keeps two static tokens' keys apart, though they share the server-held shop", async () => {
      const first = await create("shared-key-3", ALICE_INPUT, { authorization: `Bearer ${TOKENS[0]}` });
      const second = await create("shared-key-3", ALICE_INPUT, { authorization: `Bearer ${TOKENS[1]}` });
      expect(second.body.data?.createCustomer?.id).not.toBe(first.body.data?.createCustomer?.id);
      expect(stack.upstreamCalls("POST")).toBe(2);
    });
  });
}
