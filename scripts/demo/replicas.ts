/**
 * `npm run demo:replicas` (`-- --ports 4001,4002` for fixed ports): one bePaid stand-in, Redis
 * (started when none answers at REDIS_URL, default redis://127.0.0.1:6379), and two gateways that
 * share both, as replicas behind a load balancer would; then prints what to try on them.
 */
import { randomUUID } from "node:crypto";
import { DEMO_SHOP } from "../../src/sandbox/demo-shop.js";
import { ensureRedis, runDemo, sandboxUrlIn, startGateway, startServer } from "./processes.js";

const CREATE = JSON.stringify({
  query: "mutation Create($input: CreateCustomerInput!) { createCustomer(input: $input) { id email } }",
  variables: { input: { firstName: "Ada", email: "ada@example.com", ip: "10.0.0.1" } },
});
const LIST = JSON.stringify({ query: "{ customers { id firstName email } }" });

/** The two ports asked for with `--ports A,B`, else 0 (free ports). */
function requestedPorts(args: string[]): [string, string] {
  const at = args.indexOf("--ports");
  if (at === -1) return ["0", "0"];
  const ports = args[at + 1]?.split(",") ?? [];
  if (ports.length !== 2 || !ports.every((port) => /^\d{1,5}$/.test(port))) {
    console.error(`--ports takes two port numbers, as in --ports 4001,4002; it got "${args[at + 1] ?? ""}".`);
    process.exit(1);
  }
  return [ports[0]!, ports[1]!];
}

const curl = (url: string, body: string, headers: string[] = [], flags = "-s") =>
  [`  curl ${flags} ${url} -H 'Content-Type: application/json'${headers.map((header) => ` -H '${header}'`).join("")} \\`, `    -d '${body}'`].join("\n");

const [portA, portB] = requestedPorts(process.argv.slice(2));
const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
// A prefix per run: keys from an earlier run name customers of a stand-in that is gone.
const redisPrefix = `bepaid-gw-demo:${randomUUID()}:`;

await runDemo(async (started) => {
  const redis = await ensureRedis(redisUrl);
  started.push(redis);
  const sandbox = await startServer("The bePaid stand-in", "src/sandbox/main.ts", { SANDBOX_PORT: "0" }, sandboxUrlIn);
  started.push(sandbox);
  const shared = {
    BEPAID_API_URL: sandbox.url,
    BEPAID_SHOP_ID: DEMO_SHOP.shopId,
    BEPAID_SECRET_KEY: DEMO_SHOP.secretKey,
    REDIS_URL: redisUrl,
    REDIS_PREFIX: redisPrefix,
  };
  const a = startGateway({ ...shared, PORT: portA });
  const b = startGateway({ ...shared, PORT: portB });
  // Each is stopped once it runs, even if the other fails to start.
  const [replicaA, replicaB] = await Promise.all([a.then((one) => (started.push(one), one)), b.then((one) => (started.push(one), one))]);
  return [
    "  Two gateway replicas sharing one bePaid stand-in and one Redis:",
    `  gateway A     ${replicaA.url}`,
    `  gateway B     ${replicaB.url}`,
    `  bePaid        ${sandbox.url}  (npm run sandbox's stand-in, demo shop ${DEMO_SHOP.shopId})`,
    `  Redis         ${redisUrl}${redis.started ? "  (started for this demo)" : ""}, keys under ${redisPrefix}`,
    "",
    "  Try it:",
    "  1. Create a customer on A, with an Idempotency-Key:",
    curl(replicaA.url, CREATE, ["Idempotency-Key: demo-ada-1"]),
    "  2. Send the same create to B: the same customer comes back (Idempotent-Replayed: true), and bePaid is not called again:",
    curl(replicaB.url, CREATE, ["Idempotency-Key: demo-ada-1"], "-si"),
    "  3. List the customers on B: Ada is there, once:",
    curl(replicaB.url, LIST),
  ];
});
