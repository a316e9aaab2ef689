import { describe, expect, it } from "vitest";
import { DEMO_SHOP } from "../../src/sandbox/demo-shop.js";
import { CreateCustomerDocument, CustomerDocument, CustomersDocument } from "../generated/graphql.js";
import { useStack } from "../helpers/stack.js";

const SHOP_A = { shopId: "1001", secretKey: "secret-of-a" };
const SHOP_B = { shopId: "1002", secretKey: "secret-of-b" };
const DEMO = { shopId: DEMO_SHOP.shopId, secretKey: DEMO_SHOP.secretKey };
const basic = (shop: { shopId: string; secretKey: string }) =>
  ({ authorization: `Basic ${Buffer.from(`${shop.shopId}:${shop.secretKey}`).toString("base64")}` }) as const;

describe("callers with bearer tokens for the server-held credentials", () => {
  const stack = useStack({ env: { GATEWAY_TOKENS: "token-one, token-two" } });

  it("serves a caller presenting any configured token", async () => {
    for (const token of ["token-one", "token-two"]) {
      const { status, body } = await stack.execute(CustomersDocument, undefined, { authorization: `Bearer ${token}` });
      expect(status).toBe(200);
      expect(body.data?.customers.length).toBeGreaterThanOrEqual(2);
    }
  });

  const challenge = 'Bearer realm="bepaid-gateway"';
  const invalidToken = /^Bearer error="invalid_token", error_description="[^"]+"$/;
  it.each([
    ["no Authorization header", {}, challenge],
    ["an empty Authorization header", { authorization: "" }, challenge],
    ["a blank Authorization header", { authorization: "   " }, challenge],
    ["an unknown token", { authorization: "Bearer token-three" }, invalidToken],
    ["an empty bearer", { authorization: "Bearer" }, invalidToken],
    ["a known token with more after it", { authorization: "Bearer token-one extra" }, invalidToken],
    ["Basic credentials, with pass-through off", basic(SHOP_A), challenge],
  ])("answers HTTP 401 UNAUTHENTICATED to %s, without calling bePaid", async (_, headers, expected) => {
    const { status, headers: responseHeaders, body } = await stack.execute(CustomersDocument, undefined, headers);
    expect(status).toBe(401);
    expect(responseHeaders.get("www-authenticate")).toMatch(expected);
    expect(body.data).toBeUndefined();
    expect(body.errors).toEqual([{ message: expect.any(String), extensions: { code: "UNAUTHENTICATED" } }]);
    expect(stack.upstreamCalls()).toBe(0);
  });
});

describe("callers in development with no tokens configured", () => {
  const stack = useStack();

  it("serves a frontend that always sends its bearer, as an anonymous caller, and logs once that bearers are ignored", async () => {
    for (const token of ["the-apps-access-token", "another-one"]) {
      const { status, body } = await stack.execute(CustomersDocument, undefined, { authorization: `Bearer ${token}` });
      expect(status).toBe(200);
      expect(body.data?.customers.length).toBeGreaterThanOrEqual(2);
    }
    expect(stack.logs.filter((line) => line.includes("Bearer ignored"))).toHaveLength(1);
    expect(stack.logs.join("")).not.toContain("the-apps-access-token");
    expect(stack.logs.filter((line) => line.includes('"caller":"anonymous:'))).toHaveLength(2);
  });

  it("refuses Basic credentials with pass-through off rather than serve another shop than the one named", async () => {
    const { status } = await stack.execute(CustomersDocument, undefined, basic(SHOP_A));
    expect(status).toBe(401);
    expect(stack.upstreamCalls()).toBe(0);
  });
});

describe("pass-through callers with their own bePaid credentials", () => {
  const stack = useStack({
    sandbox: { shops: [SHOP_A, SHOP_B] },
    // These tests count bePaid calls: a busy machine must not turn a slow answer into a retry.
    env: { BEPAID_SHOP_ID: "", BEPAID_SECRET_KEY: "", GATEWAY_PASSTHROUGH: "true", BEPAID_TIMEOUT_MS: "5000" },
  });

  it("calls bePaid with the caller's own shop, and one shop never sees another's customer", async () => {
    const created = await stack.execute(
      CreateCustomerDocument,
      { input: { email: "only-a@example.com", ip: "10.0.0.9" } },
      basic(SHOP_A),
    );
    const id = created.body.data!.createCustomer!.id;

    const asA = await stack.execute(CustomerDocument, { id }, basic(SHOP_A));
    expect(asA.body.data?.customer?.email).toBe("only-a@example.com");
    const asB = await stack.execute(CustomerDocument, { id }, basic(SHOP_B));
    expect(asB.body).toEqual({ data: { customer: null } });
    const listB = await stack.execute(CustomersDocument, undefined, basic(SHOP_B));
    expect(listB.body.data?.customers.map((customer) => customer.id)).not.toContain(id);

    const shops = stack.sandbox.calls.map((call) => call.shopId);
    expect(shops).toEqual([SHOP_A.shopId, SHOP_A.shopId, SHOP_B.shopId, SHOP_B.shopId]);
  });

  it("keeps two shops' reads of the same id apart within one moment", async () => {
    const id = "cst_5ca4fab9dfc7fcbf"; // seeded in both shops
    stack.sandbox.reset();
    const [a, b] = await Promise.all([
      stack.execute(CustomerDocument, { id }, basic(SHOP_A)),
      stack.execute(CustomerDocument, { id }, basic(SHOP_B)),
    ]);
    expect(a.body.data?.customer?.id).toBe(id);
    expect(b.body.data?.customer?.id).toBe(id);
    expect(stack.sandbox.calls.map((call) => call.shopId).sort()).toEqual([SHOP_A.shopId, SHOP_B.shopId]);
  });

  it("turns bePaid's refusal of a caller's credentials into UNAUTHENTICATED at the field", async () => {
    const { status, body } = await stack.execute(CustomersDocument, undefined, basic({ shopId: "1001", secretKey: "wrong" }));
    expect(status).toBe(200);
    expect(body.errors?.[0]).toMatchObject({ path: ["customers"], extensions: { code: "UNAUTHENTICATED" } });
  });

  it("answers HTTP 401 to a caller with no credentials at all", async () => {
    const { status, body } = await stack.execute(CustomersDocument);
    expect(status).toBe(401);
    expect(body.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
  });
});

describe("bearer tokens and pass-through together", () => {
  const stack = useStack({
    sandbox: { shops: [DEMO, SHOP_A] },
    env: { GATEWAY_TOKENS: "team-token", GATEWAY_PASSTHROUGH: "true" },
  });

  it("serves a bearer caller with the server-held shop and a Basic caller with its own", async () => {
    const created = await stack.execute(
      CreateCustomerDocument,
      { input: { email: "own-shop@example.com", ip: "10.0.0.7" } },
      basic(SHOP_A),
    );
    const id = created.body.data!.createCustomer!.id;
    const asServerShop = await stack.execute(CustomerDocument, { id }, { authorization: "Bearer team-token" });
    expect(asServerShop.body).toEqual({ data: { customer: null } });
    const asOwnShop = await stack.execute(CustomerDocument, { id }, basic(SHOP_A));
    expect(asOwnShop.body.data?.customer?.email).toBe("own-shop@example.com");
    expect(stack.sandbox.calls.map((call) => call.shopId)).toEqual([SHOP_A.shopId, DEMO.shopId, SHOP_A.shopId]);
  });

  it("answers 401 naming both schemes to a caller with neither", async () => {
    const { status, headers } = await stack.execute(CustomersDocument);
    expect(status).toBe(401);
    expect(headers.get("www-authenticate")).toBe('Bearer realm="bepaid-gateway", Basic realm="bePaid shop", charset="UTF-8"');
    expect(stack.upstreamCalls()).toBe(0);
  });
});
