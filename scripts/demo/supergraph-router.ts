/** A supergraph composed from running subgraphs and served by Apollo's Federation runtime. */
import { ApolloServer } from "@apollo/server";
import { startStandaloneServer } from "@apollo/server/standalone";
import { composeServices } from "@apollo/composition";
import { ApolloGateway } from "@apollo/gateway";
import { parse } from "graphql";
import type { StartedServer } from "./orders-subgraph.js";

/** One subgraph: its name, its SDL (as `_service { sdl }` gives it) and where it serves. */
export interface Subgraph {
  name: string;
  sdl: string;
  url: string;
}

/**
 * Composes `subgraphs` with `@apollo/composition` (throwing its errors) and serves the supergraph
 * on `@apollo/gateway` as the router, on loopback at `port` (0: a free one).
 */
export async function startRouter(subgraphs: Subgraph[], port = 0): Promise<StartedServer> {
  const composed = composeServices(subgraphs.map(({ name, sdl, url }) => ({ name, typeDefs: parse(sdl), url })));
  if (composed.errors) throw new Error(`Composition failed: ${composed.errors.map((error) => error.message).join("; ")}`);
  const router = new ApolloServer({ gateway: new ApolloGateway({ supergraphSdl: composed.supergraphSdl }) });
  const { url } = await startStandaloneServer(router, { listen: { port, host: "127.0.0.1" } });
  return { url, stop: () => router.stop() };
}
