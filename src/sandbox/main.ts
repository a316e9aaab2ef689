/**
 * `npm run sandbox`: the embedded bePaid stand-in on its own, for frontend teams' integration
 * tests. Reads SANDBOX_PORT (default 4010) and SANDBOX_HOST (default 127.0.0.1).
 */
import { DEMO_SHOP } from "./demo-shop.js";
import { createSandbox } from "./sandbox.js";

const portText = process.env.SANDBOX_PORT ?? "4010";
const host = process.env.SANDBOX_HOST ?? "127.0.0.1";
const port = /^\d+$/.test(portText) ? Number(portText) : NaN;
if (!(port >= 0 && port <= 65535)) {
  console.error(`SANDBOX_PORT is "${portText}"; it should be a port number from 0 to 65535`);
  process.exit(1);
}

const sandbox = createSandbox();
const url = await sandbox.listen(port, host).catch((error: unknown) => {
  console.error(`The sandbox cannot listen on ${host}:${port}: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
// The demo secret is public and guards only made-up customers; printing it is the point.
console.log(`bePaid sandbox listening at ${url}`);
console.log(`Basic credentials: shop id ${DEMO_SHOP.shopId}, secret key ${DEMO_SHOP.secretKey}`);

const stop = (signal: NodeJS.Signals) => {
  console.log(`${signal}: closing the sandbox`);
  sandbox.close().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error("The sandbox did not close cleanly:", error);
      process.exit(1);
    },
  );
};
// `on`, not `once`: under tsx a signal with no listener left is re-raised and kills the process.
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
