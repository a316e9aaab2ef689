import { type RunningChild, startChild } from "./child-process.ts";

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
 * Starts the gateway as `npm start` does (`src/main.ts` under tsx, in development), on a free
 * port, and resolves with its GraphQL URL once its JSON log says "gateway listening".
 */
export function startGateway({ repoRoot, env = {}, timeoutMs = 90_000 }: GatewayOptions): Promise<RunningChild> {
  return startChild({
    name: "The gateway",
    args: ["--import", "tsx", "src/main.ts"],
    cwd: repoRoot,
    env: { ...process.env, NODE_ENV: "development", PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "info", ...env },
    urlIn: listeningUrl,
    timeoutMs,
  });
}

/** The URL of a "gateway listening" JSON log line, or undefined for any other line. */
function listeningUrl(line: string): string | undefined {
  if (!line.startsWith("{")) return undefined;
  try {
    const entry = JSON.parse(line) as { msg?: unknown; url?: unknown };
    return entry.msg === "gateway listening" && typeof entry.url === "string" ? entry.url : undefined;
  } catch {
    return undefined;
  }
}
