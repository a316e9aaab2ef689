/**
 * What teams usually write: `node bench/plain/.build/server.js` with `PORT` and `UPSTREAM_URL`
 * (`bench/plain/prepare.sh` installs and compiles it). Apollo Server 5 as published, from this
 * folder's own install, with its `startStandaloneServer`, an SDL schema with the gateway's type
 * and field names, plain graphql-js resolvers, global `fetch`, and a DataLoader per request.
 */
import { ApolloServer } from "@apollo/server";
import { startStandaloneServer } from "@apollo/server/standalone";
import DataLoader from "dataloader";

type Fields = { [field: string]: string | null | undefined };

interface Context {
  customers: DataLoader<string, Fields | null>;
}

const upstream = (process.env.UPSTREAM_URL ?? "http://127.0.0.1:4010").replace(/\/+$/, "");
const headers = { authorization: `Basic ${Buffer.from("1:x").toString("base64")}`, accept: "application/json", "content-type": "application/json" };

const typeDefs = `#graphql
  type Customer {
    id: ID!
    firstName: String
    lastName: String
    address: String
    city: String
    country: String
    zip: String
    state: String
    phone: String
    email: String!
    ip: String!
    externalId: String
  }
  input CreateCustomerInput {
    firstName: String
    lastName: String
    address: String
    city: String
    country: String
    zip: String
    state: String
    phone: String
    email: String!
    ip: String!
    externalId: String
  }
  type Query {
    customer(id: ID!): Customer
    customers: [Customer!]!
  }
  type Mutation {
    createCustomer(input: CreateCustomerInput!): Customer
  }
`;

const toCustomer = (c: Fields) => ({
  id: c.id,
  firstName: c.first_name,
  lastName: c.last_name,
  address: c.address,
  city: c.city,
  country: c.country,
  zip: c.zip,
  state: c.state,
  phone: c.phone,
  email: c.email,
  ip: c.ip,
  externalId: c.external_id,
});

async function getCustomer(id: string): Promise<Fields | null> {
  const response = await fetch(`${upstream}/customers/${encodeURIComponent(id)}`, { headers });
  if (response.status === 404) return null;
  if (!response.ok) throw new Error(`bePaid answered ${response.status}`);
  return (await response.json()) as Fields;
}

const resolvers = {
  Query: {
    customer: async (_: unknown, args: { id: string }, ctx: Context) => {
      const customer = await ctx.customers.load(args.id);
      return customer && toCustomer(customer);
    },
    customers: async () => {
      const response = await fetch(`${upstream}/customers`, { headers });
      if (!response.ok) throw new Error(`bePaid answered ${response.status}`);
      return ((await response.json()) as Fields[]).map(toCustomer);
    },
  },
  Mutation: {
    createCustomer: async (_: unknown, args: { input: Fields }) => {
      const { firstName, lastName, externalId, ...rest } = args.input;
      const body = { ...rest, first_name: firstName, last_name: lastName, external_id: externalId };
      const response = await fetch(`${upstream}/customers`, { method: "POST", headers, body: JSON.stringify(body) });
      if (!response.ok) throw new Error(`bePaid answered ${response.status}`);
      return toCustomer((await response.json()) as Fields);
    },
  },
};

const server = new ApolloServer<Context>({ typeDefs, resolvers });
const { url } = await startStandaloneServer(server, {
  listen: { port: Number(process.env.PORT ?? 0), host: "127.0.0.1" },
  // bePaid has no batch endpoint: a batch is parallel GETs, one per distinct id.
  context: async () => ({ customers: new DataLoader((ids: readonly string[]) => Promise.all(ids.map(getCustomer))) }),
});
// The benchmark listens for the port it bound (port 0 unless PORT is set) over its IPC channel.
process.send?.({ listening: Number(new URL(url).port) });
