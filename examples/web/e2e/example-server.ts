import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { stopChild } from "./gateway.ts";

/** The example's own server (scripts/serve.ts), as `npm run example` runs it. */
export interface RunningExample {
  /** The app's URL, as its start-up lines say. */
  url: string;
  /** Everything it printed. */
  output: () => string;
  stop: () => Promise<void>;
}

/**
 * Serves the built app with scripts/serve.ts, the command `npm run example` ends with, on
 * `EXAMPLE_PORT=0` (a free port, never the default 5173), for the gateway at `gatewayUrl`.
 */
export function startExample({ exampleRoot, gatewayUrl, timeoutMs = 30_000 }: { exampleRoot: string; gatewayUrl: string; timeoutMs?: number }): Promise<RunningExample> {
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/serve.ts"], {
    cwd: exampleRoot,
    env: { ...process.env, EXAMPLE_PORT: "0", EXAMPLE_GATEWAY_URL: gatewayUrl },
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
    const timer = setTimeout(() => fail(`The example did not print its URL within ${timeoutMs} ms.`), timeoutMs);
    child.once("exit", (code) => fail(`The example exited (code ${code}) before listening.`));
    createInterface({ input: child.stdout! }).on("line", (line) => {
      lines.push(line);
      const url = /^\s*Example app\s+(http:\/\/\S+)/.exec(line)?.[1];
      if (url === undefined) return;
      clearTimeout(timer);
      child.removeAllListeners("exit");
      resolve({ url, output: () => lines.join("\n"), stop });
    });
  });
}
