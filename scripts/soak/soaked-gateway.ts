import { describeExit, type Exit, startGatewayProcess } from "../lib/gateway-process.js";

export { describeExit, type Exit };

const PINO_LEVELS: Record<number, string> = { 10: "trace", 20: "debug", 30: "info", 40: "warn", 50: "error", 60: "fatal" };

/** What the gateway wrote to its log (pino JSON lines on stdout). */
export interface GatewayLog {
  /** Lines per pino level; `other` for lines that are not JSON (and anything on stderr). */
  levels: Map<string, number>;
  /** Lines per level and message, e.g. `warn bePaid call failed`. */
  messages: Map<string, number>;
  /** Circuit breaker changes as the gateway logged them, with when the soak read the line (epoch ms). */
  breaker: Array<{ at: number; state: string }>;
  /** The first few error/fatal lines and stderr lines, shortened. */
  samples: string[];
}

/** The soaked gateway: a gateway process with its log tallied as it runs. */
export interface GatewayProcess {
  pid: number;
  /** e.g. `http://127.0.0.1:43123`; GraphQL is at `${baseUrl}/graphql`. */
  baseUrl: string;
  /** `/metrics` on METRICS_PORT's listener (production serves it nowhere else). */
  metricsUrl: string;
  log: GatewayLog;
  /** Set once the process has exited. */
  readonly exit: Exit | undefined;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves to how it ended and how long it took. */
  stop(graceMs: number): Promise<Exit & { ms: number; killed: boolean }>;
  /** SIGKILL if still running; synchronous, safe in `process.on("exit")`. */
  kill(): void;
}

/**
 * Starts `node --import tsx src/main.ts` (plus the soak's hooks, see gateway-hooks.ts) through
 * the one gateway starter, with `env` and metrics on a listener of their own, in its own process
 * group (a Ctrl-C reaches the soak only, which then stops the load before the gateway, instead of
 * both at once, which would look like lost requests); resolves once `/readyz` answers 200.
 */
export async function startGateway(env: Record<string, string>, readyTimeoutMs = 30_000): Promise<GatewayProcess> {
  const log: GatewayLog = { levels: new Map(), messages: new Map(), breaker: [], samples: [] };
  const gateway = await startGatewayProcess({
    env: { ...env, METRICS_PORT: "0" },
    args: ["--expose-gc", "--import", "tsx", "--import", "./scripts/soak/gateway-hooks.ts", "src/main.ts"],
    // stdin stays an open pipe nobody writes to: it ends when this process dies (gateway-hooks.ts).
    stdin: "pipe",
    detached: true,
    timeoutMs: readyTimeoutMs,
    onLine: (line, stream) => tally(log, line, stream),
  });
  return {
    pid: gateway.pid,
    baseUrl: gateway.origin,
    metricsUrl: gateway.metricsUrl!,
    log,
    get exit() {
      return gateway.exit;
    },
    stop: (graceMs) => gateway.stop(graceMs),
    kill: gateway.kill,
  };
}

/** Counts one line of the gateway's output into `log`. */
function tally(log: GatewayLog, line: string, stream: "stdout" | "stderr"): void {
  const count = (level: string) => log.levels.set(level, (log.levels.get(level) ?? 0) + 1);
  const sample = (text: string) => log.samples.length < 8 && log.samples.push(text.slice(0, 300));
  if (stream === "stderr") {
    count("stderr");
    return void sample(`stderr: ${line}`);
  }
  let entry: { level?: number; msg?: string; circuit?: string };
  try {
    entry = JSON.parse(line) as typeof entry;
  } catch {
    count("other");
    return void sample(line);
  }
  const level = PINO_LEVELS[entry.level ?? 0] ?? "other";
  count(level);
  const message = `${level} ${entry.msg ?? ""}`;
  log.messages.set(message, (log.messages.get(message) ?? 0) + 1);
  if (entry.circuit !== undefined) log.breaker.push({ at: Date.now(), state: entry.circuit });
  if (level === "error" || level === "fatal") sample(line);
}
