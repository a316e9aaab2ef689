import { startGatewayProcess } from "../../../scripts/lib/gateway-process.js";
import type { RunningChild } from "../../../scripts/lib/child-process.ts";

/** Options of {@link startGateway}. */
export interface GatewayOptions {
  /** The repository root, where `src/main.ts` is (and `tsx` is installed). */
  repoRoot: string;
  /** Added to the gateway's environment; none, to run it as `npm start` does. */
  env?: Record<string, string>;
  /** How long start-up may take on a busy machine. Default 90 s. */
  timeoutMs?: number;
}

/**
 * Starts the gateway as `npm start` does (`src/main.ts` under tsx, in development) through the
 * project's one gateway starter, on a port it picks and reports, and resolves with its GraphQL
 * URL once it listens.
 */
export async function startGateway({ repoRoot, env = {}, timeoutMs = 90_000 }: GatewayOptions): Promise<RunningChild> {
  const gateway = await startGatewayProcess({
    env: { ...process.env, NODE_ENV: "development", PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "info", ...env },
    cwd: repoRoot,
    ready: "listening",
    timeoutMs,
  });
  return { url: gateway.url, output: gateway.output, stop: async () => void (await gateway.stop()) };
}
