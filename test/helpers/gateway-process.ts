import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { freePort } from "../../bench/children.js";
import type { GraphQLAnswer } from "./stack.js";

const root = new URL("../../", import.meta.url);

/** One gateway replica: `node --import tsx src/main.ts` as a process of its own. */
export interface GatewayProcess {
  url: string;
  /** Every line it wrote on stdout and stderr. */
  readonly logs: string[];
  /** Sends a GraphQL source as a JSON POST. */
  query<TData = any>(source: string, variables?: object, headers?: Record<string, string>): Promise<GraphQLAnswer<TData>>;
  /** Sends a signal (SIGKILL: the replica dies mid-whatever) and waits for the exit. */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/** Starts a replica with exactly `env` (plus PATH) on a free port; resolves once `/readyz` is 200. */
export async function startGatewayProcess(env: Record<string, string>): Promise<GatewayProcess> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: root,
    env: { PATH: process.env.PATH, ...env, PORT: String(port), HOST: "127.0.0.1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const logs: string[] = [];
  createInterface({ input: child.stdout! }).on("line", (line) => logs.push(line));
  createInterface({ input: child.stderr! }).on("line", (line) => logs.push(line));
  const base = `http://127.0.0.1:${port}`;
  const replica: GatewayProcess = {
    url: `${base}/graphql`,
    logs,
    async query(source, variables, headers = {}) {
      const response = await fetch(`${base}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: JSON.stringify({ query: source, variables }),
      });
      return { status: response.status, headers: response.headers, body: (await response.json()) as GraphQLAnswer<any>["body"] };
    },
    async kill(signal = "SIGTERM") {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, "exit");
      child.kill(signal);
      await exited;
    },
  };
  for (let waited = 0; waited < 60_000; waited += 100) {
    if (child.exitCode !== null) throw new Error(`the gateway exited during start-up:\n${logs.join("\n")}`);
    if (await fetch(`${base}/readyz`).then((response) => response.ok, () => false)) return replica;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await replica.kill("SIGKILL");
  throw new Error(`the gateway was not ready within 60 s:\n${logs.join("\n")}`);
}
