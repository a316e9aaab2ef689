import { readFile } from "node:fs/promises";
import { ORDERS_SDL, type StartedServer, startOrdersSubgraph } from "../../scripts/demo/orders-subgraph.js";
import { startRouter } from "../../scripts/demo/supergraph-router.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type IdentityProvider, type SigningKey, startIdentityProviderWithKey } from "../helpers/identity-provider.js";
import { type Stack, startStack, useStack } from "../helpers/stack.js";

const JOHN = "cst_5ca4fab9dfc7fcbf";
const JANE = "cst_9f65045c1f4c3676";
const UNKNOWN = "cst_0000000000000000";
const ENTITIES = "query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Customer { id email } } }";
// Calls are counted: a long timeout keeps a busy machine from turning a slow GET into a retried one.
const SUBGRAPH_ENV = { GATEWAY_FEDERATION: "true", BEPAID_TIMEOUT_MS: "10000" };
const customerRefs = (...ids: string[]) => ({ representations: ids.map((id) => ({ __typename: "Customer", id })) });

// The orders subgraph of npm run demo:supergraph, with an order of a customer bePaid does not know.
const ORDERS = [
  { id: "ord_1", total: 1250, customerId: JOHN },
  { id: "ord_2", total: 990, customerId: JANE },
  { id: "ord_3", total: 4200, customerId: JOHN },
  { id: "ord_4", total: 100, customerId: UNKNOWN },
];

describe("GATEWAY_FEDERATION=true: the gateway as a Federation 2 subgraph", () => {
  const stack = useStack({ env: SUBGRAPH_ENV });

  it("answers _service { sdl } with the committed schema.subgraph.graphql", async () => {
    const { body } = await stack.query("{ _service { sdl } }");
    const committed = await readFile(new URL("../../schema.subgraph.graphql", import.meta.url), "utf8");
    expect(body.data._service.sdl.trim()).toBe(committed.trim());
    expect(committed).toMatch(/type Customer\s+@key\(fields: "id"\)/);
  });

  it("resolves N representations of M distinct ids with M GETs, an unknown id as null with no error", async () => {
    const { body } = await stack.query(ENTITIES, customerRefs(JOHN, JANE, JOHN, UNKNOWN, JOHN));
    expect(body).toEqual({
      data: {
        _entities: [
          { id: JOHN, email: "customer@example.com" },
          { id: JANE, email: expect.stringContaining("@") },
          { id: JOHN, email: "customer@example.com" },
          null,
          { id: JOHN, email: "customer@example.com" },
        ],
      },
    });
    expect(stack.upstreamCalls("GET")).toBe(3);
    for (const id of [JOHN, JANE, UNKNOWN]) expect(stack.upstreamCalls("GET", `/customers/${id}`)).toBe(1);
  });

  it("puts a failed reference's contract code at its _entities path, the others still answering", async () => {
    stack.sandbox.faults.push({ match: { method: "GET", path: `/customers/${JANE}` }, times: Infinity, action: { kind: "respond", status: 503 } });
    const { body } = await stack.query(ENTITIES, customerRefs(JOHN, JANE));
    expect(body.data._entities).toEqual([{ id: JOHN, email: "customer@example.com" }, null]);
    expect(body.errors).toEqual([expect.objectContaining({ path: ["_entities", 1], extensions: expect.objectContaining({ code: "UPSTREAM_UNAVAILABLE", upstreamStatus: 503 }) })]);
  });

  it("refuses a representation whose id is blank as BAD_USER_INPUT, without calling bePaid", async () => {
    const { body } = await stack.query(ENTITIES, customerRefs(" "));
    expect(body.errors).toEqual([expect.objectContaining({ path: ["_entities", 0], extensions: expect.objectContaining({ code: "BAD_USER_INPUT" }) })]);
    expect(stack.upstreamCalls()).toBe(0);
  });
});

describe("_entities under GATEWAY_MAX_LOOKUPS", () => {
  const stack = useStack({ env: { ...SUBGRAPH_ENV, GATEWAY_MAX_LOOKUPS: "3" } });
  const ids = (count: number) => Array.from({ length: count }, (_, index) => `cst_${String(index).padStart(16, "0")}`);
  /** What any operation over the cap gets: three distinct customer(id) fields and a list. */
  const overTheCap = () =>
    stack.query(`{ ${ids(4).map((id, index) => `c${index}: customer(id: "${id}") { id }`).join(" ")} }`);

  it("refuses more distinct representations than the cap before any bePaid call, with the same answer as any operation over it", async () => {
    const refused = await stack.query(ENTITIES, customerRefs(...ids(4)));
    const other = await overTheCap();
    expect(refused.status).toBe(400);
    expect(refused.body).toEqual({
      errors: [{ message: "The operation would make more than 3 bePaid calls; split it into smaller operations.", extensions: { code: "GRAPHQL_VALIDATION_FAILED" } }],
    });
    expect({ status: refused.status, body: refused.body }).toEqual({ status: other.status, body: other.body });
    expect(stack.upstreamCalls()).toBe(0);
  });

  it("counts a repeated id once", async () => {
    const { status, body } = await stack.query(ENTITIES, customerRefs(JOHN, JANE, UNKNOWN, JOHN, JANE, UNKNOWN, JOHN));
    expect(status).toBe(200);
    expect(body.data._entities).toHaveLength(7);
    expect(stack.upstreamCalls("GET")).toBe(3);
  });

  it("counts representations together with the operation's other lookups, an id asked for both ways once", async () => {
    const source = (extra: string) =>
      `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Customer { id } } ${extra} }`;
    const refused = await stack.query(source(`c: customer(id: "${UNKNOWN}") { id } customers { id }`), customerRefs(JOHN, JANE));
    expect(refused.status).toBe(400);
    expect(stack.upstreamCalls()).toBe(0);

    const served = await stack.query(source(`c: customer(id: "${JOHN}") { id } customers { id }`), customerRefs(JOHN, JANE));
    expect(served.status).toBe(200);
    expect(served.body.errors).toBeUndefined();
  });

  it("counts representations written in the document, variables inside them included", async () => {
    const literal = (list: string) => `query($id: _Any) { _entities(representations: [${list}]) { ... on Customer { id } } }`;
    const four = ids(3).map((id) => `{ __typename: "Customer", id: "${id}" }`).concat('{ __typename: "Customer", id: $id }');
    const refused = await stack.query(literal(four.join(", ")), { id: JOHN });
    expect(refused.status).toBe(400);
    expect(stack.upstreamCalls()).toBe(0);
    const served = await stack.query(literal(four.slice(1).join(", ")), { id: JOHN });
    expect(served.status).toBe(200);
  });

  it("does not count representations of other types, which cost no bePaid call", async () => {
    const representations = [...customerRefs(JOHN).representations, ...ids(5).map((id) => ({ __typename: "Order", id }))];
    const { status } = await stack.query(ENTITIES, { representations });
    expect(status).not.toBe(400);
  });
});

describe("_entities under the default GATEWAY_MAX_LOOKUPS (50)", () => {
  const stack = useStack({ env: SUBGRAPH_ENV });

  it("refuses one request with 600 distinct representations before any bePaid call", async () => {
    const many = Array.from({ length: 600 }, (_, index) => `cst_${String(index).padStart(16, "0")}`);
    const { status, body } = await stack.query(ENTITIES, customerRefs(...many));
    expect(status).toBe(400);
    expect(body.errors?.[0]?.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
    expect(stack.upstreamCalls()).toBe(0);
  });
});

describe("_service { sdl } in production", () => {
  const TOKEN = "router-token-0123456789abcdef0123";
  let idp: IdentityProvider;
  let key: SigningKey;
  const stack = useStack(async () => {
    ({ idp, key } = await startIdentityProviderWithKey("ES256", "ec-1"));
    return { env: { ...SUBGRAPH_ENV, ...idp.env, NODE_ENV: "production", GATEWAY_TOKENS: TOKEN, GATEWAY_PASSTHROUGH: "true" } };
  });
  afterAll(() => idp.close());
  const sdlWith = (authorization: string) => stack.query("{ _service { sdl } }", undefined, { authorization });
  const basic = (pair: string) => `Basic ${Buffer.from(pair).toString("base64")}`;

  it("answers a static-token caller, as a router authenticates", async () => {
    const { status, body } = await sdlWith(`Bearer ${TOKEN}`);
    expect(status).toBe(200);
    expect(body.data._service.sdl).toMatch(/type Customer\s+@key\(fields: "id"\)/);
  });

  it("answers an access token holding schema:read", async () => {
    const { body } = await sdlWith(`Bearer ${await idp.mint(key, { scope: "schema:read" })}`);
    expect(body.errors).toBeUndefined();
    expect(body.data._service.sdl).toContain("type Customer");
  });

  it.each([
    ["an access token without schema:read", async () => `Bearer ${await idp.mint(key, { scope: "customers:read customers:write" })}`],
    ["a pass-through caller", async () => basic("361:sandbox-demo-secret")],
  ])("refuses %s with FORBIDDEN, giving away no schema", async (_, authorization) => {
    const { status, body } = await sdlWith(await authorization());
    expect(status).toBe(200);
    expect(body.data).toBeNull();
    expect(body.errors).toEqual([
      {
        message: "Reading the schema needs a static token, or an access token with the `schema:read` scope.",
        locations: [{ line: 1, column: 3 }],
        path: ["_service"],
        extensions: { code: "FORBIDDEN", requiredScope: "schema:read" },
      },
    ]);
  });

  it("still resolves references for a pass-through caller", async () => {
    const { body } = await stack.query(ENTITIES, customerRefs(JOHN), { authorization: basic("361:sandbox-demo-secret") });
    expect(body).toEqual({ data: { _entities: [{ id: JOHN, email: "customer@example.com" }] } });
  });
});

describe("_service { sdl } outside production", () => {
  const stack = useStack({ env: { ...SUBGRAPH_ENV, GATEWAY_PASSTHROUGH: "true", GATEWAY_TOKENS: "a-token" } });

  it("answers any caller, as introspection does", async () => {
    const { body } = await stack.query("{ _service { sdl } }", undefined, { authorization: `Basic ${Buffer.from("361:sandbox-demo-secret").toString("base64")}` });
    expect(body.data._service.sdl).toContain("type Customer");
  });
});

describe("without GATEWAY_FEDERATION", () => {
  const stack = useStack();

  it("has no federation fields", async () => {
    for (const source of ["{ _service { sdl } }", ENTITIES]) {
      const { body } = await stack.query(source, customerRefs(JOHN));
      expect(body.errors?.[0]?.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
    }
  });
});

describe("a supergraph of the gateway and an orders subgraph, on Apollo's Federation runtime", () => {
  let customers: Stack;
  const servers: StartedServer[] = [];
  let routerUrl: string;

  beforeAll(async () => {
    customers = await startStack({ env: SUBGRAPH_ENV });
    const orders = await startOrdersSubgraph(ORDERS);
    servers.push(orders);
    const customersSdl = (await customers.query("{ _service { sdl } }")).body.data._service.sdl as string;
    const router = await startRouter([
      { name: "customers", sdl: customersSdl, url: customers.gatewayUrl },
      { name: "orders", sdl: ORDERS_SDL, url: orders.url },
    ]);
    servers.push(router);
    routerUrl = router.url;
  }, 60_000);
  afterAll(async () => {
    for (const server of servers.reverse()) await server.stop();
    await customers?.close();
  });

  it("answers orders with their customers' emails, one GET per distinct customer, an unknown one null", async () => {
    customers.sandbox.reset();
    const response = await fetch(routerUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: "{ orders { id customer { id email } } }" }),
    });
    const body = (await response.json()) as { data?: unknown; errors?: unknown[] };
    // The router nulls a customer its subgraph could not find; a null entity is no error.
    expect(body.errors).toBeUndefined();
    expect(body).toMatchObject({
      data: {
        orders: [
          { id: "ord_1", customer: { id: JOHN, email: "customer@example.com" } },
          { id: "ord_2", customer: { id: JANE, email: expect.stringContaining("@") } },
          { id: "ord_3", customer: { id: JOHN, email: "customer@example.com" } },
          { id: "ord_4", customer: null },
        ],
      },
    });
    expect(customers.upstreamCalls("GET")).toBe(3);
    for (const id of [JOHN, JANE, UNKNOWN]) expect(customers.upstreamCalls("GET", `/customers/${id}`)).toBe(1);
  });
});
