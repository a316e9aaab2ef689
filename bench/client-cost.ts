/**
 * `node bench/.build/client-cost.js [calls] [rounds]` (after `npm run build` and
 * `npx tsc -p bench/tsconfig.json`): what ky's own per-call work costs the gateway. CPU time per
 * `GET /customers/:id` against the stand-in (`upstream.js`, a process of its own), 10 calls in
 * flight, two ways alternated round by round in this one process:
 * - **client**: the production build's bePaid client, `createBepaidClient` over the pool fetch
 *   (ky with its retry, timeout and custom fetch, the breaker, the limiter, the call record);
 * - **pool fetch**: the same pool fetch given a plain `Request`, and the same parse: the HTTP work
 *   without ky.
 * Prints each round and the medians; the difference is what ky adds per call (its options merge,
 * its `Request` and that request's clone, their abort signals, its timeout and retry wrapper),
 * plus the client's own few records.
 */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createChildren } from "./children.js";
import { customerId } from "./customers.fixture.js";

interface PoolFetch {
  (request: Request, beside: { headers: Readonly<Record<string, string>> }): Promise<Response>;
}
interface Client {
  getCustomer(id: string): Promise<unknown>;
}

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const calls = Number(process.argv[2] ?? 20_000);
const rounds = Number(process.argv[3] ?? 7);
const IN_FLIGHT = 10;

const { createPoolFetch } = (await import(join(root, "dist/bepaid/pool-fetch.js"))) as { createPoolFetch(options: { connections: number; maxResponseBytes: number }): PoolFetch };
const { createBepaidClient } = (await import(join(root, "dist/bepaid/client.js"))) as {
  createBepaidClient(options: { baseUrl: string; timeoutMs: number; retries: number; fetch: PoolFetch }, credentials: { shopId: string; secretKey: string }): Client;
};
const { parseCustomer } = (await import(join(root, "dist/bepaid/parse.js"))) as { parseCustomer(value: unknown): unknown };

const children = createChildren(root);
process.on("exit", () => children.killAll());
const { origin: baseUrl } = await children.startServer("upstream", ["bench/.build/upstream.js"], { HOST: "127.0.0.1", NODE_ENV: "production" });
try {
  const poolFetch = createPoolFetch({ connections: IN_FLIGHT, maxResponseBytes: 8 * 1024 * 1024 });
  const client = createBepaidClient({ baseUrl, timeoutMs: 10_000, retries: 2, fetch: poolFetch }, { shopId: "1", secretKey: "x" });
  const headers = Object.freeze({ authorization: "Basic MTp4", accept: "application/json", "content-type": "application/json" });
  const ways: Record<string, (id: string) => Promise<unknown>> = {
    client: (id) => client.getCustomer(id),
    "pool fetch": async (id) => parseCustomer(JSON.parse(await (await poolFetch(new Request(`${baseUrl}/customers/${id}`), { headers })).text())),
  };
  const results: Record<string, number[]> = { client: [], "pool fetch": [] };
  for (let round = 0; round <= rounds; round++) {
    for (const [name, call] of Object.entries(ways)) {
      const before = process.cpuUsage();
      let next = 0;
      await Promise.all(
        Array.from({ length: IN_FLIGHT }, async () => {
          while (next < calls) await call(customerId(next++ % 1000));
        }),
      );
      const used = process.cpuUsage(before);
      const perCall = (used.user + used.system) / calls;
      // Round 0 warms both up (JIT, connections) and is not counted.
      if (round > 0) results[name]!.push(perCall);
      console.log(`round ${round}${round === 0 ? " (warm-up)" : ""}\t${name}\t${perCall.toFixed(1)} µs CPU per call`);
    }
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const client_ = median(results.client!);
  const bare = median(results["pool fetch"]!);
  console.log(`Node ${process.version}, medians of ${rounds} rounds of ${calls} calls: client ${client_.toFixed(1)} µs, pool fetch ${bare.toFixed(1)} µs; ky and the client's records add ${(client_ - bare).toFixed(1)} µs per call (${((100 * (client_ - bare)) / client_).toFixed(0)}% of the client's)`);
} finally {
  await children.stopAll();
}
