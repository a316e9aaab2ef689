import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { ShopCredentials } from "../../src/sandbox/demo-shop.js";
import { CreateCustomerDocument, CustomersDocument, CustomersPageDocument, type CustomersPageQueryVariables } from "../generated/graphql.js";
import { basicAuthorization } from "../helpers/bepaid-list.js";
import { type Stack, useStack } from "../helpers/stack.js";

/** Shops of their own for each test, so each starts with nothing cached (pass-through callers). */
const shop = (index: number): ShopCredentials => ({ shopId: `20${index}`, secretKey: `secret-of-shop-${index}` });
const [CONCURRENT, LATER, CUSTOMERS, CREATE, SHOP_A, SHOP_B, WRONG, METRICS] = [0, 1, 2, 3, 4, 5, 6, 7].map(shop) as [ShopCredentials, ShopCredentials, ShopCredentials, ShopCredentials, ShopCredentials, ShopCredentials, ShopCredentials, ShopCredentials];
const SHOPS = [CONCURRENT, LATER, CUSTOMERS, CREATE, SHOP_A, SHOP_B, WRONG, METRICS];
const INPUT = { email: "cached@example.com", ip: "10.9.9.9", firstName: "Cached" };

/** Reads a page as `shop`, answering its edges' ids, totalCount, endCursor and listAge. */
async function pageAs(stack: Stack, shop: ShopCredentials, variables: CustomersPageQueryVariables = {}) {
  const { body } = await stack.execute(CustomersPageDocument, variables, basicAuthorization(shop));
  expect(body.errors).toBeUndefined();
  const connection = body.data!.customersConnection;
  const { listAge } = ((body as { extensions?: { listAge?: unknown } }).extensions ?? {}) as { listAge?: unknown };
  return { ids: connection.edges.map((edge) => edge.node.id), totalCount: connection.totalCount, endCursor: connection.pageInfo.endCursor, listAge };
}

/** GET /customers requests the sandbox got for `shop`. */
const listReads = (stack: Stack, shop: ShopCredentials) => stack.sandbox.calls.filter((call) => call.method === "GET" && call.path === "/customers" && call.shopId === shop.shopId).length;

describe("the list cache (GATEWAY_LIST_CACHE_TTL_MS), in one gateway", () => {
  const stack = useStack({
    sandbox: { shops: SHOPS, generated: 58 },
    env: { BEPAID_SHOP_ID: "", BEPAID_SECRET_KEY: "", GATEWAY_PASSTHROUGH: "true", GATEWAY_LIST_CACHE_TTL_MS: "600000", BEPAID_TIMEOUT_MS: "5000" },
  });

  it("makes one bePaid read for concurrent pages of one shop; only the one that read it is fresh", async () => {
    stack.sandbox.faults.push({ match: { method: "GET", path: "/customers" }, action: { kind: "delay", ms: 300 } });
    const pages = await Promise.all([1, 2, 3, 4, 5, 6].map((first) => pageAs(stack, CONCURRENT, { first })));
    expect(listReads(stack, CONCURRENT)).toBe(1);
    expect(pages.map((page) => page.ids.length)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(pages.filter((page) => page.listAge === undefined)).toHaveLength(1);
    for (const page of pages.filter((page) => page.listAge !== undefined)) expect(page.listAge).toEqual(expect.any(Number));
  });

  it("serves later pages from the list it read, saying how old it is (whole seconds)", async () => {
    const first = await pageAs(stack, LATER);
    const second = await pageAs(stack, LATER, { after: first.endCursor });
    const third = await pageAs(stack, LATER, { after: second.endCursor });
    expect(listReads(stack, LATER)).toBe(1);
    expect(first.listAge).toBeUndefined();
    for (const page of [second, third]) expect(Number.isInteger(page.listAge) && (page.listAge as number) >= 0).toBe(true);
    expect([...first.ids, ...second.ids, ...third.ids]).toHaveLength(60);
    expect(new Set([...first.ids, ...second.ids, ...third.ids]).size).toBe(60);
  });

  it("serves customers from it too", async () => {
    const page = await pageAs(stack, CUSTOMERS, { first: 100 });
    const { body } = await stack.execute(CustomersDocument, undefined, basicAuthorization(CUSTOMERS));
    expect(body.data?.customers.map((customer) => customer.id)).toEqual(page.ids);
    expect((body as { extensions?: { listAge?: number } }).extensions?.listAge).toEqual(expect.any(Number));
    expect(listReads(stack, CUSTOMERS)).toBe(1);
  });

  it("lets the shop's next read see a customer created through the gateway at once", async () => {
    const before = await pageAs(stack, CREATE, { first: 100 });
    expect((await pageAs(stack, CREATE)).listAge).toEqual(expect.any(Number));
    const created = await stack.execute(CreateCustomerDocument, { input: INPUT }, basicAuthorization(CREATE));
    const id = created.body.data!.createCustomer!.id;
    const after = await pageAs(stack, CREATE, { first: 100 });
    expect(after.totalCount).toBe(before.totalCount + 1);
    expect(after.ids.at(-1)).toBe(id);
    expect(after.listAge).toBeUndefined();
    expect(listReads(stack, CREATE)).toBe(2);
  });

  it("never serves one credential set's list to another: other shops, and a wrong secret for the same shop", async () => {
    await stack.execute(CreateCustomerDocument, { input: { ...INPUT, email: "only-in-a@example.com" } }, basicAuthorization(SHOP_A));
    const a = await pageAs(stack, SHOP_A, { first: 100, filter: { email: "only-in-a@example.com" } });
    const b = await pageAs(stack, SHOP_B, { first: 100, filter: { email: "only-in-a@example.com" } });
    expect([a.totalCount, b.totalCount]).toEqual([1, 0]);
    expect([listReads(stack, SHOP_A), listReads(stack, SHOP_B)]).toEqual([1, 1]);

    await pageAs(stack, WRONG);
    const wrongSecret = { shopId: WRONG.shopId, secretKey: "not-the-secret" };
    const { status, body } = await stack.execute(CustomersPageDocument, {}, basicAuthorization(wrongSecret));
    expect(status).toBe(200);
    expect(body.data).toBeNull();
    expect(body.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    expect(listReads(stack, WRONG)).toBe(2);
  });

  it("counts hits and misses, and the lengths of the lists read, in the metrics; logs listAge", async () => {
    await pageAs(stack, METRICS);
    await pageAs(stack, METRICS);
    const text = await (await fetch(new URL("/metrics", stack.gatewayUrl))).text();
    const value = (pattern: RegExp) => Number(pattern.exec(text)?.[1]);
    expect(value(/^gateway_list_cache_reads_total\{result="hit"\} (\d+)$/m)).toBeGreaterThanOrEqual(1);
    expect(value(/^gateway_list_cache_reads_total\{result="miss"\} (\d+)$/m)).toBeGreaterThanOrEqual(1);
    expect(value(/^bepaid_customer_list_size_bucket\{le="100"\} (\d+)$/m)).toBeGreaterThanOrEqual(1);
    expect(value(/^bepaid_customer_list_size_bucket\{le="10"\} (\d+)$/m)).toBe(0);
    const lines = stack.logs.map((line) => JSON.parse(line) as { msg: string; caller?: string; listAge?: number });
    expect(lines.filter((line) => line.msg === "operation" && line.caller === passthroughCallerId(METRICS)).map((line) => line.listAge)).toEqual([undefined, expect.any(Number)]);
  });
});

describe("without GATEWAY_LIST_CACHE_TTL_MS", () => {
  const stack = useStack({ sandbox: { generated: 30 } });

  it("reads bePaid for every operation, and says nothing of a list's age", async () => {
    for (let read = 0; read < 3; read++) {
      const { body } = await stack.execute(CustomersPageDocument, {});
      expect(body.errors).toBeUndefined();
      expect(body).not.toHaveProperty("extensions");
    }
    expect(stack.upstreamCalls("GET", "/customers")).toBe(3);
  });

  it("still reads the list once per operation, however many fields ask for it", async () => {
    const { body } = await stack.query("{ customers { id } a: customersConnection(first: 5) { totalCount } b: customersConnection(last: 5) { totalCount } }");
    expect(body.errors).toBeUndefined();
    expect(stack.upstreamCalls("GET", "/customers")).toBe(1);
  });
});

/** A pass-through caller's id in the log: `shop:` and a digest of its credential pair (never the shop id itself). */
function passthroughCallerId({ shopId, secretKey }: ShopCredentials): string {
  return `shop:${createHash("sha256").update(JSON.stringify([shopId, secretKey])).digest("hex").slice(0, 16)}`;
}
