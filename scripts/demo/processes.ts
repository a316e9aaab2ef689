/**
 * The processes a demo starts: gateways (through the one gateway starter), the bePaid stand-in
 * (through the starter of servers that print their URL, which the example's e2e uses too), and a
 * Redis of the demo's own when none answers. The demo stops each of them before it exits.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { type RunningChild, startChild } from "../lib/child-process.js";
import { type GatewayProcess, startGatewayProcess } from "../lib/gateway-process.js";
import { redisResponds } from "../lib/redis-responds.js";

const root = new URL("../../", import.meta.url).pathname;

/** Something a demo started and must stop. */
export interface Stoppable {
  stop: () => Promise<unknown>;
}

/** The gateway's start-up log line (pino JSON) carries the URL it listens at. */
export function gatewayUrlIn(line: string): string | undefined {
  if (!line.startsWith("{")) return undefined;
  const entry = JSON.parse(line) as { msg?: string; url?: string };
  return entry.msg === "gateway listening" ? entry.url : undefined;
}

/** `npm run sandbox`'s own line: "bePaid sandbox listening at <url>". */
export function sandboxUrlIn(line: string): string | undefined {
  return /^bePaid sandbox listening at (\S+)$/.exec(line)?.[1];
}

/**
 * Starts a gateway as `npm start` does, with PATH and HOME from this shell and `env` on top (its
 * log at `info`), and resolves once it is ready.
 */
export function startGateway(env: Record<string, string>): Promise<GatewayProcess> {
  return startGatewayProcess({ env: { LOG_LEVEL: "info", ...env } });
}

/**
 * Runs one of the project's other TypeScript entry points (`src/sandbox/main.ts`) under tsx, with
 * PATH and HOME from this shell and `env` on top, and resolves with its URL once it announces one.
 */
export function startServer(name: string, script: string, env: NodeJS.ProcessEnv, urlIn: (line: string) => string | undefined): Promise<RunningChild> {
  return startChild({
    name,
    args: ["--import", "tsx", script],
    cwd: root,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: "info", ...env },
    urlIn,
    timeoutMs: 60_000,
  });
}

/**
 * Makes sure a Redis answers at `url` (a loopback one): when none does, starts `redis-server` on
 * its port with no persistence (as `.ci/run` does), which `stop` ends; otherwise `stop` does nothing.
 */
export async function ensureRedis(url: string): Promise<Stoppable & { started: boolean }> {
  const { hostname, port: portText } = new URL(url);
  const port = Number(portText || 6379);
  if (await redisResponds(port)) return { started: false, stop: async () => {} };
  if (hostname !== "127.0.0.1" && hostname !== "localhost") throw new Error(`No Redis answers at ${url}, and only a loopback one can be started here.`);
  const server = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: "ignore" });
  const spawned = once(server, "spawn").then(
    () => true,
    () => false,
  );
  if (!(await spawned)) throw new Error(`No Redis answers at ${url} and redis-server could not be run (install it: apt-get install redis-server).`);
  for (let tries = 0; tries < 100 && server.exitCode === null; tries += 1) {
    if (await redisResponds(port)) return { started: true, stop: () => stopProcess(server) };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await stopProcess(server);
  throw new Error(`redis-server did not answer on port ${port}.`);
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  const exited = once(child, "exit").then(() => {});
  child.kill("SIGTERM");
  return exited;
}

/**
 * Runs a demo: `start` starts its processes, adding each to the list it is given as soon as it
 * runs, and returns what to print. On SIGINT or SIGTERM (Ctrl-C) every one of them is stopped,
 * last started first, then the demo exits 0; if start-up fails, those started are stopped and
 * it exits 1.
 */
export async function runDemo(start: (started: Stoppable[]) => Promise<string[]>): Promise<void> {
  const started: Stoppable[] = [];
  const stopAll = async () => {
    for (const one of started.reverse()) await one.stop();
  };
  let stopping = false;
  const onSignal = async () => {
    if (stopping) return;
    stopping = true;
    await stopAll();
    console.log("Stopped.");
    process.exit(0);
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  try {
    console.log(["", ...(await start(started)), "", "  Ctrl-C stops all of it.", ""].join("\n"));
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    await stopAll();
    process.exit(1);
  }
}
