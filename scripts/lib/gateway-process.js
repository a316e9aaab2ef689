/**
 * The one way to start a gateway process: the tests, the soak, the benchmark and the example's
 * e2e all come here. The gateway binds port 0 and reports the URL it got over the IPC channel
 * this module opens (src/main.ts sends it once listening), so no port is guessed ahead of it.
 *
 * Plain JavaScript with its types beside it (gateway-process.d.ts): the benchmark runs compiled
 * from bench/.build/ under plain Node and imports it as `#lib/gateway-process.js` (package.json
 * "imports"); everyone else imports it by its path under tsx.
 */
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

/** The repository's root, where `src/main.ts` and `dist/main.js` are. */
export const PROJECT_ROOT = fileURLToPath(new URL("../..", import.meta.url));

const KEPT_LINES = 200;

/** @type {import("./gateway-process.js").startGatewayProcess} */
export async function startGatewayProcess(options) {
  const {
    env,
    args = ["--import", "tsx", "src/main.ts"],
    node = process.execPath,
    cwd = PROJECT_ROOT,
    ready = "readyz",
    timeoutMs = 60_000,
    detached = false,
    stdin = "ignore",
    onLine,
  } = options;
  // PATH and HOME only: a GATEWAY_TOKENS or NODE_OPTIONS in the caller's shell must not change what runs.
  const childEnv = { PATH: process.env.PATH, HOME: process.env.HOME, ...env, PORT: env.PORT ?? "0", HOST: env.HOST ?? "127.0.0.1" };
  const child = spawn(node, args, { cwd, env: childEnv, stdio: [stdin, "pipe", "pipe", "ipc"], detached });
  if (child.pid === undefined) throw new Error("The gateway process did not start");
  const lines = [];
  const keep = (stream) => (line) => {
    lines.push(line);
    if (lines.length > KEPT_LINES) lines.shift();
    onLine?.(line, stream);
  };
  createInterface({ input: child.stdout }).on("line", keep("stdout"));
  createInterface({ input: child.stderr }).on("line", keep("stderr"));
  const output = () => lines.join("\n");

  let exit;
  const exited = new Promise((resolve) =>
    child.once("exit", (code, signal) => {
      exit = { code, signal };
      resolve(exit);
    }),
  );
  const kill = () => {
    if (exit === undefined) child.kill("SIGKILL");
  };
  const stop = async (graceMs = 10_000) => {
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
  };

  const deadline = Date.now() + timeoutMs;
  const fail = async (why) => {
    kill();
    await exited;
    throw new Error(`${why}:\n${output()}`);
  };
  const listening = await Promise.race([
    new Promise((resolve) => child.on("message", (message) => message?.gatewayListening && resolve(message.gatewayListening))),
    exited.then(() => undefined),
    new Promise((resolve) => setTimeout(resolve, timeoutMs).unref()),
  ]);
  if (listening === undefined) return fail(exit ? `The gateway exited during start-up (${describeExit(exit)})` : `The gateway did not listen within ${timeoutMs} ms`);
  // The channel served its one purpose; open, it would keep this process alive.
  if (child.connected) child.disconnect();
  const url = listening.url;
  const origin = new URL(url).origin;
  if (ready === "readyz") {
    while (!(await fetch(`${origin}/readyz`).then((response) => response.ok, () => false))) {
      if (exit) return fail(`The gateway exited during start-up (${describeExit(exit)})`);
      if (Date.now() > deadline) return fail(`The gateway was not ready within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  return {
    process: child,
    pid: child.pid,
    url,
    origin,
    metricsUrl: listening.metrics,
    output,
    get exit() {
      return exit;
    },
    exited,
    stop,
    kill,
  };
}

/** "exit code 0", "signal SIGKILL". */
export function describeExit(exit) {
  return exit.signal ? `signal ${exit.signal}` : `exit code ${exit.code}`;
}
