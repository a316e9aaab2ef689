import { type RunningChild, startChild } from "../../../scripts/lib/child-process.ts";

/**
 * Serves the built app with scripts/serve.ts, the command `npm run example` ends with, on
 * `EXAMPLE_PORT=0` (a free port, never the default 5173), for the gateway at `gatewayUrl`, and
 * resolves with the app's URL as its start-up lines say.
 */
export function startExample({ exampleRoot, gatewayUrl, timeoutMs = 30_000 }: { exampleRoot: string; gatewayUrl: string; timeoutMs?: number }): Promise<RunningChild> {
  return startChild({
    name: "The example's server",
    args: ["--import", "tsx", "scripts/serve.ts"],
    cwd: exampleRoot,
    env: { ...process.env, EXAMPLE_PORT: "0", EXAMPLE_GATEWAY_URL: gatewayUrl },
    urlIn: (line) => /^\s*Example app\s+(http:\/\/\S+)/.exec(line)?.[1],
    timeoutMs,
  });
}
