// GraphQL Mesh's composition of the bePaid stand-in's REST description (openapi.json), for
// bench/mesh/run.sh: the competitor issue 11's independent check compares the gateway with.
import { defineConfig } from "@graphql-mesh/compose-cli";
import { loadOpenAPISubgraph } from "@omnigraph/openapi";

export const composeConfig = defineConfig({
  subgraphs: [{ sourceHandler: loadOpenAPISubgraph("Customers", { source: "./openapi.json", endpoint: process.env.UPSTREAM_URL ?? "http://127.0.0.1:4656" }) }],
});
