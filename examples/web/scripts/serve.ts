/**
 * `npm run serve` (and the root's `npm run example`): serves the built app on `EXAMPLE_PORT`
 * (default 5173; 0 picks a free port) at `EXAMPLE_HOST` (default 127.0.0.1), and forwards its
 * `/graphql` to the gateway at `EXAMPLE_GATEWAY_URL`, so the gateway needs no CORS set-up.
 */
import { existsSync } from "node:fs";
import { createServer } from "node:http";
import { fileURLToPath } from "node:url";
import { readRuntimeConfig } from "./runtime-config.ts";
import { createAppHandler } from "./app-handler.ts";

const root = fileURLToPath(new URL("../dist", import.meta.url));
if (!existsSync(`${root}/index.html`)) {
  console.error("examples/web/dist has no build: run npm run build first (npm start does both).");
  process.exit(1);
}

let config;
try {
  config = readRuntimeConfig(process.env);
} catch (error) {
  console.error(`Configuration error: ${(error as Error).message}`);
  process.exit(1);
}
const port = Number(process.env.EXAMPLE_PORT || 5173);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`Configuration error: EXAMPLE_PORT is "${process.env.EXAMPLE_PORT}"; it should be a port number from 0 to 65535`);
  process.exit(1);
}
const host = process.env.EXAMPLE_HOST || "127.0.0.1";

const server = createServer(createAppHandler({ root, config }));
server.on("error", (error) => {
  console.error(`The example cannot listen on ${host}:${port}: ${error.message}`);
  process.exit(1);
});
server.listen(port, host, async () => {
  const address = server.address();
  const url = `http://${host}:${typeof address === "object" && address ? address.port : port}`;
  console.log(`\n  Example app   ${url}\n  Gateway       ${config.gatewayUrl}  (the app's /graphql is forwarded there: no CORS set-up needed)\n`);
  if (!(await answers(config.gatewayUrl))) {
    console.log(`  The gateway is not answering yet: start it with npm start in the repository root (or set EXAMPLE_GATEWAY_URL).\n`);
  }
});

/** True when anything answers HTTP at the gateway's URL (its status does not matter here). */
function answers(gatewayUrl: string): Promise<boolean> {
  return fetch(gatewayUrl, { signal: AbortSignal.timeout(3_000) }).then(
    async (response) => {
      await response.body?.cancel();
      return true;
    },
    () => false,
  );
}

const stop = () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
