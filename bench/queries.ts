import { customerId } from "./customers.fixture.js";

/** The servers under load, in the order tables and the chart list them. */
export const SERVERS = ["upstream", "bare", "plain", "gateway"] as const;
/** One of {@link SERVERS}. */
export type ServerName = (typeof SERVERS)[number];

/** One HTTP request as the load generator repeats it, and how it tells a good answer. */
export interface Target {
  method: "GET" | "POST";
  path: string;
  body?: string;
  /** `graphql`: `{"data":...}` with no `"errors"`; `json`: any 2xx (the stand-in's REST answers). */
  verify: "graphql" | "json";
}

/** A benchmark query: the GraphQL operation, and what bare and the stand-in do in its place. */
export interface BenchQuery {
  name: "Q0" | "Q1" | "Q2" | "Q3" | "Q4";
  title: string;
  graphql: string;
  /** Bare's single-purpose equivalent. */
  bare: Target;
  /** The raw REST call, straight to the stand-in; absent where one call cannot answer (n/a). */
  upstream?: Target;
}

const FIVE = "id firstName lastName email country";
const ONE = customerId(41);
/** Q3's five distinct ids, each asked for twice. */
const DISTINCT = [7, 123, 456, 789, 999].map(customerId);
const ALIASES = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`a${i}`, DISTINCT[i % DISTINCT.length]!]));
const NEW_CUSTOMER = { firstName: "Ada", lastName: "Lovelace", email: "ada@example.com", ip: "10.0.0.1", country: "GB", city: "London" };

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
    graphql: `mutation { createCustomer(input: { ${Object.entries(NEW_CUSTOMER)
      .map(([field, value]) => `${field}: "${value}"`)
      .join(", ")} }) { ${FIVE} } }`,
    bare: { method: "POST", path: "/create-customer", body: JSON.stringify({ input: NEW_CUSTOMER }), verify: "graphql" },
    upstream: { method: "POST", path: "/customers", body: JSON.stringify(snake(NEW_CUSTOMER)), verify: "json" },
  },
];

/** What `server` is sent for `query`; `undefined` where the server has no equivalent. */
export function targetFor(server: ServerName, query: BenchQuery): Target | undefined {
  if (server === "upstream") return query.upstream;
  if (server === "bare") return query.bare;
  return { method: "POST", path: "/graphql", body: JSON.stringify({ query: query.graphql }), verify: "graphql" };
}

function snake(input: { [field: string]: string }) {
  return Object.fromEntries(Object.entries(input).map(([field, value]) => [field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`), value]));
}
