import { randomUUID } from "node:crypto";
import type { Child, Children } from "./children.js";
import { freePort, waitUntilReady } from "./children.js";
import { SERVERS, type ServerName, type Target } from "./queries.js";
import { BENCH_REDIS_PREFIX, BENCH_REDIS_URL } from "./redis.js";

/** A server under test, listening on loopback. */
export interface RunningServer {
  name: ServerName;
  child: Child;
  /** e.g. `http://127.0.0.1:41234`. */
  origin: string;
}

const gateway = (upstream: string) => ({
  args: ["dist/main.js"],
  env: { GATEWAY_ALLOW_ANONYMOUS: "true", BEPAID_API_URL: upstream, BEPAID_SHOP_ID: "1", BEPAID_SECRET_KEY: "x" } as NodeJS.ProcessEnv,
});

/**
 * How each server is started: the gateway from its production build, plain from its own
 * install (`bench/plain`), the others from `bench/.build`. `gateway-redis` is the gateway with its shared state in Redis, under this run's prefix.
 */
const COMMANDS: Record<ServerName, (upstreamOrigin: string) => { args: string[]; env: NodeJS.ProcessEnv }> = {
  upstream: () => ({ args: ["bench/.build/upstream.js"], env: {} }),
  bare: (upstream) => ({ args: ["bench/.build/bare.js"], env: { UPSTREAM_URL: upstream } }),
  plain: (upstream) => ({ args: ["bench/plain/.build/server.js"], env: { UPSTREAM_URL: upstream } }),
  gateway,
  "gateway-redis": (upstream) => {
    const { args, env } = gateway(upstream);
    return { args, env: { ...env, REDIS_URL: BENCH_REDIS_URL, REDIS_PREFIX: BENCH_REDIS_PREFIX } };
  },
};

/** A request that only a ready server answers well. */
const READY: Record<ServerName, Target> = {
  upstream: { method: "GET", path: "/__calls", verify: "json" },
  bare: { method: "POST", path: "/typename", body: "{}", verify: "graphql" },
  plain: { method: "POST", path: "/graphql", body: '{"query":"{ __typename }"}', verify: "graphql" },
  gateway: { method: "POST", path: "/graphql", body: '{"query":"{ __typename }"}', verify: "graphql" },
  "gateway-redis": { method: "POST", path: "/graphql", body: '{"query":"{ __typename }"}', verify: "graphql" },
};

/**
 * Starts the stand-in, then every other server of `names` in front of it, each on its own port
 * and on the `node` binary (`--node`); resolves once all answer.
 */
export async function startServers(children: Children, node: string, names: readonly ServerName[] = SERVERS): Promise<Map<ServerName, RunningServer>> {
  const servers = new Map<ServerName, RunningServer>();
  let upstreamOrigin = "";
  for (const name of SERVERS.filter((server) => server === "upstream" || names.includes(server))) {
    const port = await freePort();
    const { args, env } = COMMANDS[name](upstreamOrigin);
    // Every server gets production mode, so Apollo (plain and gateway alike) runs as it would deployed.
    const child = children.start(name, args, { ...env, NODE_ENV: "production", PORT: String(port), HOST: "127.0.0.1" }, node);
    const origin = `http://127.0.0.1:${port}`;
    await waitUntilReady(child, async () => (await send(origin, READY[name])).status === 200);
    servers.set(name, { name, child, origin });
    if (name === "upstream") upstreamOrigin = origin;
  }
  return servers;
}

/** Sends `target` once; resolves to the status and the body text. */
export async function send(origin: string, target: Target): Promise<{ status: number; body: string }> {
  const response = await fetch(origin + target.path, {
    method: target.method,
    headers: {
      ...(target.body === undefined ? {} : { "content-type": "application/json" }),
      ...(target.uniqueIdempotencyKey ? { "idempotency-key": randomUUID() } : {}),
    },
    body: target.body,
    signal: AbortSignal.timeout(5_000),
  });
  return { status: response.status, body: await response.text() };
}

/** Zeroes the stand-in's call counter. */
export async function resetUpstreamCalls(upstream: RunningServer): Promise<void> {
  await send(upstream.origin, { method: "POST", path: "/__calls/reset", verify: "json" });
}

/**
 * The stand-in's call count once it stops moving: requests still in flight when a run ends
 * reach it a little later, and each of them counts as sent.
 */
export async function settledUpstreamCalls(upstream: RunningServer): Promise<number> {
  const read = async () => (JSON.parse((await send(upstream.origin, { method: "GET", path: "/__calls", verify: "json" })).body) as { calls: number }).calls;
  let last = await read();
  for (let i = 0; i < 40; i++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    const now = await read();
    if (now === last) return now;
    last = now;
  }
  return last;
}
