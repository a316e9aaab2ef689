/**
 * A small orders subgraph, as another team would write it: orders that point at the gateway's
 * customers by id (`Customer @key(fields: "id", resolvable: false)`), for `npm run demo:supergraph`
 * and the federation tests.
 */
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginInlineTraceDisabled } from "@apollo/server/plugin/disabled";
import { startStandaloneServer } from "@apollo/server/standalone";
import { buildSubgraphSchema } from "@apollo/subgraph";
import { parse } from "graphql";

/** The subgraph's schema: it owns orders and knows a customer only by id. */
export const ORDERS_SDL = `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
  type Query { "Every order." orders: [Order!]! }
  "An order of the shop."
  type Order { id: ID! "In cents." total: Int! "Who placed it: a customer of the bePaid gateway." customer: Customer }
  type Customer @key(fields: "id", resolvable: false) { id: ID! }
`;

/** One order, as the subgraph holds it. */
export interface Order {
  id: string;
  total: number;
  customerId: string;
}

/** Orders of the sandbox's two demo customers (bePaid's documented examples). */
export const DEMO_ORDERS: readonly Order[] = [
  { id: "ord_1", total: 1250, customerId: "cst_5ca4fab9dfc7fcbf" },
  { id: "ord_2", total: 990, customerId: "cst_9f65045c1f4c3676" },
  { id: "ord_3", total: 4200, customerId: "cst_5ca4fab9dfc7fcbf" },
];

/** A server a demo or a test started, by its URL. */
export interface StartedServer {
  url: string;
  stop: () => Promise<void>;
}

/** Serves the orders subgraph with `orders` on a free loopback port. */
export async function startOrdersSubgraph(orders: readonly Order[] = DEMO_ORDERS): Promise<StartedServer> {
  const server = new ApolloServer({
    schema: buildSubgraphSchema({
      typeDefs: parse(ORDERS_SDL),
      resolvers: {
        Query: { orders: () => orders },
        Order: { customer: (order: Order) => ({ __typename: "Customer", id: order.customerId }) },
      },
    }),
    plugins: [ApolloServerPluginInlineTraceDisabled()],
  });
  const { url } = await startStandaloneServer(server, { listen: { port: 0, host: "127.0.0.1" } });
  return { url, stop: () => server.stop() };
}
