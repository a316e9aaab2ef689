import { customerId, listShopId } from "./customers.fixture.js";

/**
 * The servers under load, in the order tables and the chart list them. `gateway-redis` is the
 * same build as `gateway` with `REDIS_URL` set; `gateway-list` and `gateway-list-cache` are the
 * same build for a shop of {@link LARGE_SHOP_CUSTOMERS}, without and with the list cache;
 * `gateway-otel` the same build with traces on (every operation sampled, exported to a local
 * sink). Each runs only the queries that name it.
 */
export const SERVERS = ["upstream", "bare", "plain", "gateway", "gateway-redis", "gateway-list", "gateway-list-cache", "gateway-otel"] as const;

/** Q5's shop: the size at which `customers` took 153 ms and 1.7 MiB an answer (issue 20). */
export const LARGE_SHOP_CUSTOMERS = 30_000;

/** One of {@link SERVERS}. */
export type ServerName = (typeof SERVERS)[number];

/** Who runs a query that does not list its servers: upstream, bare, plain and gateway. */
const DEFAULT_SERVERS: readonly ServerName[] = ["upstream", "bare", "plain", "gateway"];

/** One HTTP request as the load generator repeats it, and how it tells a good answer. */
export interface Target {
  method: "GET" | "POST";
  path: string;
  body?: string;
  /** `graphql`: `{"data":...}` with no `"errors"`; `json`: any 2xx (the stand-in's REST answers). */
  verify: "graphql" | "json";
  /** Each request carries an `Idempotency-Key` header no other request has (a fresh create every time). */
  uniqueIdempotencyKey?: boolean;
  /** Headers every request carries (the stand-in's shop for Q5's raw list call). */
  headers?: Record<string, string>;
}

/** A benchmark query: the GraphQL operation, and what bare and the stand-in do in its place. */
export interface BenchQuery {
  name: "Q0" | "Q1" | "Q2" | "Q3" | "Q4" | "Q4k" | "Q5";
  title: string;
  graphql: string;
  /** Bare's single-purpose equivalent; absent where bare has none. */
  bare?: Target;
  /** The raw REST call, straight to the stand-in; absent where one call cannot answer (n/a). */
  upstream?: Target;
  /** The servers that run it; by default upstream, bare, plain and gateway (where each has a target). */
  servers?: readonly ServerName[];
  /** Send the GraphQL operation with a fresh `Idempotency-Key` per request. */
  uniqueIdempotencyKey?: boolean;
}

const FIVE = "id firstName lastName email country";
const ONE = customerId(41);
/** Q3's five distinct ids, each asked for twice. */
const DISTINCT = [7, 123, 456, 789, 999].map(customerId);
const ALIASES = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`a${i}`, DISTINCT[i % DISTINCT.length]!]));
const NEW_CUSTOMER = { firstName: "Ada", lastName: "Lovelace", email: "ada@example.com", ip: "10.0.0.1", country: "GB", city: "London" };
const CREATE = `mutation { createCustomer(input: { ${Object.entries(NEW_CUSTOMER)
  .map(([field, value]) => `${field}: "${value}"`)
  .join(", ")} }) { ${FIVE} } }`;

export const QUERIES: readonly BenchQuery[] = [
  {
    name: "Q0",
    title: "{ __typename }",
    graphql: "{ __typename }",
    bare: { method: "POST", path: "/typename", body: "{}", verify: "graphql" },
  },
  {
    name: "Q1",
    title: "customer(id), 5 fields",
    graphql: `{ customer(id: "${ONE}") { ${FIVE} } }`,
    bare: { method: "POST", path: "/customer", body: JSON.stringify({ id: ONE }), verify: "graphql" },
    upstream: { method: "GET", path: `/customers/${ONE}`, verify: "json" },
    // What traces cost (issue 21): three spans per operation, exported.
    servers: [...DEFAULT_SERVERS, "gateway-otel"],
  },
  {
    name: "Q2",
    title: "customers (100), 3 fields",
    graphql: "{ customers { id firstName email } }",
    bare: { method: "POST", path: "/customers", body: "{}", verify: "graphql" },
    upstream: { method: "GET", path: "/customers", verify: "json" },
  },
  {
    name: "Q3",
    title: "10 aliases of customer(id), 5 ids",
    graphql: `{ ${Object.entries(ALIASES)
      .map(([alias, id]) => `${alias}: customer(id: "${id}") { ${FIVE} }`)
      .join(" ")} }`,
    bare: { method: "POST", path: "/customer-aliases", body: JSON.stringify({ aliases: ALIASES }), verify: "graphql" },
  },
  {
    name: "Q4",
    title: "createCustomer",
    graphql: CREATE,
    bare: { method: "POST", path: "/create-customer", body: JSON.stringify({ input: NEW_CUSTOMER }), verify: "graphql" },
    upstream: { method: "POST", path: "/customers", body: JSON.stringify(snake(NEW_CUSTOMER)), verify: "json" },
  },
  {
    // What Redis costs a create (issue 10): the same gateway with its idempotency store in memory and in Redis.
    name: "Q4k",
    title: "createCustomer with an Idempotency-Key",
    graphql: CREATE,
    servers: ["gateway", "gateway-redis"],
    uniqueIdempotencyKey: true,
  },
  {
    // A frontend table's page (issue 20): bePaid answers the whole shop, the gateway pages it.
    name: "Q5",
    title: `customersConnection(first: 20) of ${LARGE_SHOP_CUSTOMERS.toLocaleString("en")} customers`,
    graphql: `{ customersConnection(first: 20) { edges { cursor node { ${FIVE} } } pageInfo { hasNextPage endCursor } totalCount } }`,
    upstream: {
      method: "GET",
      path: "/customers",
      verify: "json",
      headers: { authorization: `Basic ${Buffer.from(`${listShopId(LARGE_SHOP_CUSTOMERS)}:x`).toString("base64")}` },
    },
    servers: ["upstream", "gateway-list", "gateway-list-cache"],
  },
];

/** What `server` is sent for `query`; `undefined` where the server has no equivalent. */
export function targetFor(server: ServerName, query: BenchQuery): Target | undefined {
  if (!(query.servers ?? DEFAULT_SERVERS).includes(server)) return undefined;
  if (server === "upstream") return query.upstream;
  if (server === "bare") return query.bare;
  const target: Target = { method: "POST", path: "/graphql", body: JSON.stringify({ query: query.graphql }), verify: "graphql" };
  return query.uniqueIdempotencyKey ? { ...target, uniqueIdempotencyKey: true } : target;
}

function snake(input: { [field: string]: string }) {
  return Object.fromEntries(Object.entries(input).map(([field, value]) => [field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`), value]));
}
