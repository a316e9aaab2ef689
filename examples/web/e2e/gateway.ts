import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";

/** A gateway the e2e started, on the embedded bePaid sandbox. */
export interface RunningGateway {
  /** Its GraphQL URL, as its "gateway listening" log line says. */
  url: string;
  /** Everything it printed, for a failure report. */
  output: () => string;
  stop: () => Promise<void>;
}

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
 * port, and resolves with its URL once its JSON log says "gateway listening".
 */
export function startGateway({ repoRoot, env = {}, timeoutMs = 90_000 }: GatewayOptions): Promise<RunningGateway> {
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: repoRoot,
    env: { ...process.env, NODE_ENV: "development", PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: string[] = [];
  createInterface({ input: child.stderr! }).on("line", (line) => lines.push(line));
  const stop = () => stopChild(child);
  return new Promise((resolve, reject) => {
    const fail = (why: string) => {
      void stop();
      reject(new Error(`${why}\n${lines.join("\n")}`));
    };
    const timer = setTimeout(() => fail(`The gateway did not say "gateway listening" within ${timeoutMs} ms.`), timeoutMs);
    child.once("exit", (code) => fail(`The gateway exited (code ${code}) before listening.`));
    createInterface({ input: child.stdout! }).on("line", (line) => {
      lines.push(line);
      const url = listeningUrl(line);
      if (url === undefined) return;
      clearTimeout(timer);
      child.removeAllListeners("exit");
      resolve({ url, output: () => lines.join("\n"), stop });
    });
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

/** SIGTERM (the gateway drains and exits), then SIGKILL if it is still there after 10 s. */
export function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill("SIGKILL"), 10_000);
    child.once("exit", () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill("SIGTERM");
  });
}
