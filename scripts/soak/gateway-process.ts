import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { createInterface } from "node:readline";
import { freePort } from "../../bench/children.js";

const PROJECT_ROOT = fileURLToPath(new URL("../..", import.meta.url));
const PINO_LEVELS: Record<number, string> = { 10: "trace", 20: "debug", 30: "info", 40: "warn", 50: "error", 60: "fatal" };

/** How the gateway process ended. */
export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

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

/** The gateway as a child process. */
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
 * Starts `node --import tsx src/main.ts` (plus the soak's hooks, see gateway-hooks.ts) with exactly `env` (plus PATH and HOME: a GATEWAY_TOKENS or
 * NODE_OPTIONS in the caller's shell must not change what is soaked), on a free loopback port,
 * and resolves once `/readyz` answers 200.
 */
export async function startGateway(env: Record<string, string>, readyTimeoutMs = 30_000): Promise<GatewayProcess> {
  const port = await freePort();
  const metricsPort = await freePort();
  const child = spawn(process.execPath, ["--expose-gc", "--import", "tsx", "--import", "./scripts/soak/gateway-hooks.ts", "src/main.ts"], {
    cwd: PROJECT_ROOT,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env, PORT: String(port), METRICS_PORT: String(metricsPort), HOST: "127.0.0.1" },
    // stdin stays an open pipe nobody writes to: it ends when this process dies (gateway-hooks.ts).
    stdio: ["pipe", "pipe", "pipe"],
    // Its own process group: a Ctrl-C in the terminal reaches the soak only, which then stops
    // the load before the gateway, instead of both at once (which would look like lost requests).
    detached: true,
  });
  if (child.pid === undefined) throw new Error("The gateway process did not start");
  const gateway = wrap(child, child.pid, `http://127.0.0.1:${port}`, `http://127.0.0.1:${metricsPort}/metrics`);
  const deadline = Date.now() + readyTimeoutMs;
  while (Date.now() < deadline) {
    if (gateway.exit) throw new Error(`The gateway exited during start-up (${describeExit(gateway.exit)}): ${gateway.log.samples.join(" | ")}`);
    const ready = await fetch(`${gateway.baseUrl}/readyz`).then((r) => r.status === 200, () => false);
    if (ready) return gateway;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  gateway.kill();
  throw new Error(`The gateway was not ready after ${readyTimeoutMs} ms: ${gateway.log.samples.join(" | ")}`);
}

/** "exit code 0", "signal SIGKILL". */
export function describeExit(exit: Exit): string {
  return exit.signal ? `signal ${exit.signal}` : `exit code ${exit.code}`;
}

function wrap(child: ChildProcess, pid: number, baseUrl: string, metricsUrl: string): GatewayProcess {
  const log: GatewayLog = { levels: new Map(), messages: new Map(), breaker: [], samples: [] };
  const count = (level: string) => log.levels.set(level, (log.levels.get(level) ?? 0) + 1);
  const sample = (line: string) => log.samples.length < 8 && log.samples.push(line.slice(0, 300));
  createInterface({ input: child.stdout! }).on("line", (line) => {
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
  });
  createInterface({ input: child.stderr! }).on("line", (line) => {
    count("stderr");
    sample(`stderr: ${line}`);
  });

  let exit: Exit | undefined;
  const exited = new Promise<Exit>((resolve) =>
    child.once("exit", (code, signal) => {
      exit = { code, signal };
      resolve(exit);
    }),
  );
  const kill = () => {
    if (exit === undefined) child.kill("SIGKILL");
  };

  return {
    pid,
    baseUrl,
    metricsUrl,
    log,
    get exit() {
      return exit;
    },
    async stop(graceMs) {
      const begun = performance.now();
      if (exit) return { ...exit, ms: 0, killed: false };
      child.kill("SIGTERM");
      let killed = false;
      const timer = setTimeout(() => {
        killed = true;
        kill();
      }, graceMs);
      const result = await exited;
      clearTimeout(timer);
      return { ...result, ms: Math.round(performance.now() - begun), killed };
    },
    kill,
  };
}

