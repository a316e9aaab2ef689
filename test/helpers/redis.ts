import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { randomUUID } from "node:crypto";
import { freePort } from "../../scripts/lib/free-port.js";
import { redisResponds } from "../../scripts/lib/redis-responds.js";

/** The machine's Redis, which tests share (each file under a prefix of its own). */
export const REDIS_URL = "redis://127.0.0.1:6379";

/**
 * Whether the Redis-backed tests can run. On a machine without Redis they are skipped, saying
 * so; under `REQUIRE_REDIS=1` (`.ci/run` sets it) a missing Redis fails the file instead, so CI
 * never skips them silently.
 */
export async function redisForTests(suite: string): Promise<boolean> {
  if (await redisResponds(6379)) return true;
  const why = `${suite}: no Redis answers on 127.0.0.1:6379, so these tests cannot run (start one: redis-server --daemonize yes --port 6379 --save "" --appendonly no)`;
  if (process.env.REQUIRE_REDIS === "1") throw new Error(`${why}; REQUIRE_REDIS=1 forbids skipping them.`);
  console.warn(`SKIPPED ${why}.`);
  return false;
}

/** A key prefix no other test file or run uses. */
export function uniquePrefix(name: string): string {
  return `bepaid-gw-test:${name}:${randomUUID()}:`;
}

/** A Redis server of a test's own, on a free port, that the test stops and starts. */
export interface OwnRedis {
  url: string;
  /** Starts it (again) on the same port; resolves once it answers PING. */
  start(): Promise<void>;
  /** Stops it (SIGKILL: an outage, not a shutdown); resolves once it has exited. */
  stop(): Promise<void>;
}

/** Makes (without starting) a private `redis-server` with no persistence. */
export async function ownRedis(): Promise<OwnRedis> {
  const port = await freePort();
  let server: ChildProcess | undefined;
  return {
    url: `redis://127.0.0.1:${port}`,
    async start() {
      server = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: "ignore" });
      for (let tries = 0; tries < 100; tries += 1) {
        if (await redisResponds(port)) return;
        if (server.exitCode !== null) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error(`redis-server did not start on port ${port}`);
    },
    async stop() {
      if (!server || server.exitCode !== null || server.signalCode !== null) return;
      const exited = once(server, "exit");
      server.kill("SIGKILL");
      await exited;
    },
  };
}
