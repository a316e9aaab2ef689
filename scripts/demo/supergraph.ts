/**
 * `npm run demo:supergraph` (`-- --port N` for the router's port; default a free one): the
 * gateway as a Federation 2 subgraph (on its embedded sandbox) and a small orders subgraph,
 * composed with `@apollo/composition` and served by `@apollo/gateway` as the router; then prints
 * a query that crosses both.
 */
import { ORDERS_SDL, startOrdersSubgraph } from "./orders-subgraph.js";
import { runDemo, startGateway } from "./processes.js";
import { startRouter } from "./supergraph-router.js";

const QUERY = "{ orders { id total customer { id firstName email } } }";

/** The router's port from `--port N`, else 0 (a free one). */
function requestedPort(args: string[]): number {
  const at = args.indexOf("--port");
  if (at === -1) return 0;
  const text = args[at + 1] ?? "";
  if (!/^\d{1,5}$/.test(text)) {
    console.error(`--port takes a port number, as in --port 4100; it got "${text}".`);
    process.exit(1);
  }
  return Number(text);
}

/** The subgraph's SDL as the gateway serves it (`_service { sdl }`, open outside production). */
async function subgraphSdl(gatewayUrl: string): Promise<string> {
  const response = await fetch(gatewayUrl, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query: "{ _service { sdl } }" }),
  });
  const body = (await response.json()) as { data?: { _service: { sdl: string } }; errors?: unknown };
  if (!body.data) throw new Error(`The gateway did not give its subgraph schema: ${JSON.stringify(body.errors)}`);
  return body.data._service.sdl;
}

const port = requestedPort(process.argv.slice(2));

await runDemo(async (started) => {
  const customers = await startGateway({ GATEWAY_FEDERATION: "true" });
  started.push(customers);
  const orders = await startOrdersSubgraph();
  started.push(orders);
  const router = await startRouter(
    [
      { name: "customers", sdl: await subgraphSdl(customers.url), url: customers.url },
      { name: "orders", sdl: ORDERS_SDL, url: orders.url },
    ],
    port,
  );
  started.push(router);
  return [
    "  A supergraph of two subgraphs, composed with @apollo/composition, served by @apollo/gateway:",
    `  router                 ${router.url}`,
    `  subgraph customers     ${customers.url}  (this gateway, GATEWAY_FEDERATION=true, on its embedded sandbox)`,
    `  subgraph orders        ${orders.url}  (scripts/demo/orders-subgraph.ts)`,
    "",
    "  Try a query that crosses both: orders from the orders subgraph, each customer's name and email from bePaid through the gateway:",
    `  curl -s ${router.url} -H 'Content-Type: application/json' \\`,
    `    -d '${JSON.stringify({ query: QUERY })}'`,
  ];
});
