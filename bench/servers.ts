import { randomUUID } from "node:crypto";
import type { Child, Children } from "./children.js";
import { startGatewayProcess } from "#lib/gateway-process.js";
import { waitUntilReady } from "./children.js";
import { listShopId } from "./customers.fixture.js";
import { LARGE_SHOP_CUSTOMERS, SERVERS, type ServerName, type Target } from "./queries.js";
import { BENCH_REDIS_PREFIX, BENCH_REDIS_URL } from "./redis.js";

/** A server under test, listening on loopback. */
export interface RunningServer {
  name: ServerName;
  child: Child;
  /** e.g. `http://127.0.0.1:41234`. */
  origin: string;
}

/** Where the servers send what they send: the bePaid stand-in, and the OTLP sink (when gateway-otel runs). */
interface Origins {
  upstream: string;
  otlpSink: string;
}

const gateway = ({ upstream }: Origins) => ({
  args: ["dist/main.js"],
  env: { GATEWAY_ALLOW_ANONYMOUS: "true", BEPAID_API_URL: upstream, BEPAID_SHOP_ID: "1", BEPAID_SECRET_KEY: "x" } as NodeJS.ProcessEnv,
});

/**
 * How each server is started: the gateway from its production build, plain from its own
 * install (`bench/plain`), the others from `bench/.build`. `gateway-redis` is the gateway with
 * its shared state in Redis, under this run's prefix; `gateway-list` and `gateway-list-cache`
 * serve Q5's large shop, the second with the list cache on; `gateway-otel` is the gateway with
 * traces on, every operation sampled, exported over OTLP/HTTP (protobuf, the default) to the sink.
 */
const COMMANDS: Record<ServerName, (origins: Origins) => { args: string[]; env: NodeJS.ProcessEnv }> = {
  upstream: () => ({ args: ["bench/.build/upstream.js"], env: {} }),
  bare: ({ upstream }) => ({ args: ["bench/.build/bare.js"], env: { UPSTREAM_URL: upstream } }),
  plain: ({ upstream }) => ({ args: ["bench/plain/.build/server.js"], env: { UPSTREAM_URL: upstream } }),
  gateway,
  "gateway-redis": (origins) => {
    const { args, env } = gateway(origins);
    return { args, env: { ...env, REDIS_URL: BENCH_REDIS_URL, REDIS_PREFIX: BENCH_REDIS_PREFIX } };
  },
  "gateway-list": (origins) => {
    const { args, env } = gateway(origins);
    return { args, env: { ...env, BEPAID_SHOP_ID: listShopId(LARGE_SHOP_CUSTOMERS) } };
  },
  // A TTL longer than the whole run: every measured request finds the list cached (a warm cache).
  "gateway-list-cache": (origins) => {
    const { args, env } = gateway(origins);
    return { args, env: { ...env, BEPAID_SHOP_ID: listShopId(LARGE_SHOP_CUSTOMERS), GATEWAY_LIST_CACHE_TTL_MS: "3600000" } };
  },
  "gateway-otel": (origins) => {
    const { args, env } = gateway(origins);
    return { args, env: { ...env, OTEL_EXPORTER_OTLP_ENDPOINT: origins.otlpSink, OTEL_TRACES_SAMPLER: "always_on" } };
  },
};

/** A request that only a ready server answers well. */
const READY: Record<ServerName, Target> = {
  upstream: { method: "GET", path: "/__calls", verify: "json" },
  bare: { method: "POST", path: "/typename", body: "{}", verify: "graphql" },
  plain: { method: "POST", path: "/graphql", body: '{"query":"{ __typename }"}', verify: "graphql" },
  gateway: { method: "POST", path: "/graphql", body: '{"query":"{ __typename }"}', verify: "graphql" },
  "gateway-redis": { method: "POST", path: "/graphql", body: '{"query":"{ __typename }"}', verify: "graphql" },
  "gateway-list": { method: "POST", path: "/graphql", body: '{"query":"{ __typename }"}', verify: "graphql" },
  "gateway-list-cache": { method: "POST", path: "/graphql", body: '{"query":"{ __typename }"}', verify: "graphql" },
  "gateway-otel": { method: "POST", path: "/graphql", body: '{"query":"{ __typename }"}', verify: "graphql" },
};

/**
 * Starts the stand-in (and the OTLP sink, for gateway-otel), then every other server of `names`
 * in front of it, each on its own port and on the `node` binary (`--node`); resolves once all answer.
 */
export async function startServers(children: Children, node: string, names: readonly ServerName[] = SERVERS): Promise<Map<ServerName, RunningServer>> {
  const servers = new Map<ServerName, RunningServer>();
  const origins: Origins = { upstream: "", otlpSink: "" };
  if (names.includes("gateway-otel")) origins.otlpSink = await startOtlpSink(children, node);
  for (const name of SERVERS.filter((server) => server === "upstream" || names.includes(server))) {
    const { args, env } = COMMANDS[name](origins);
    // Every server gets production mode, so Apollo (plain and gateway alike) runs as it would deployed.
    const { child, origin } = name.startsWith("gateway")
      ? await startGateway(children, name, args, { ...env, NODE_ENV: "production" }, node)
      : await startOther(children, name, args, { ...env, NODE_ENV: "production" }, node);
    await waitUntilReady(child, async () => (await send(origin, READY[name])).status === 200);
    servers.set(name, { name, child, origin });
    if (name === "upstream") origins.upstream = origin;
  }
  return servers;
}

/** A gateway, through the project's one gateway starter (it binds port 0 and reports the port). */
async function startGateway(children: Children, name: ServerName, args: string[], env: NodeJS.ProcessEnv, node: string): Promise<{ child: Child; origin: string }> {
  const gateway = await startGatewayProcess({ env, args, node, ready: "listening" });
  return { child: children.adopt(name, gateway.process, gateway.output), origin: gateway.origin };
}

/** One of the benchmark's own servers, on the port it binds and reports. */
function startOther(children: Children, name: ServerName, args: string[], env: NodeJS.ProcessEnv, node: string): Promise<{ child: Child; origin: string }> {
  return children.startServer(name, args, { ...env, HOST: "127.0.0.1" }, node);
}

/** Sends `target` once; resolves to the status and the body text. */
export async function send(origin: string, target: Target): Promise<{ status: number; body: string }> {
  const response = await fetch(origin + target.path, {
    method: target.method,
    headers: {
      ...(target.body === undefined ? {} : { "content-type": "application/json" }),
      ...(target.uniqueIdempotencyKey ? { "idempotency-key": randomUUID() } : {}),
      ...target.headers,
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

/** The collector stand-in gateway-otel exports to; resolves to its origin once it answers. */
async function startOtlpSink(children: Children, node: string): Promise<string> {
  const { child, origin } = await children.startServer("otlp-sink", ["bench/.build/otlp-sink.js"], { NODE_ENV: "production" }, node);
  await waitUntilReady(child, async () => (await send(origin, { method: "GET", path: "/__exports", verify: "json" })).status === 200);
  return origin;
}

