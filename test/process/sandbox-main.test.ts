import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { DEMO_SHOP } from "../../src/sandbox/demo-shop.js";
import { basic } from "../helpers/sandbox-harness.js";

const MAIN = fileURLToPath(new URL("../../src/sandbox/main.ts", import.meta.url));

/** Runs `npm run sandbox`'s entry as npm would (tsx), with the given environment additions. */
function runMain(env: Record<string, string>) {
  const child = spawn(process.execPath, ["--import", "tsx", MAIN], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const printed = async (pattern: RegExp): Promise<RegExpMatchArray> => {
    for (;;) {
      const match = stdout.match(pattern);
      if (match !== null) return match;
      if (child.exitCode !== null) throw new Error(`exited early: ${stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  return { child, exited, printed, output: () => ({ stdout, stderr }) };
}

describe("npm run sandbox", () => {
  it("prints its URL and the demo credentials, serves them, and exits 0 on SIGTERM", async () => {
    const run = runMain({ SANDBOX_PORT: "0", SANDBOX_HOST: "127.0.0.1" });
    try {
      const [, url] = await run.printed(/listening at (http:\/\/127\.0\.0\.1:\d+)/);
      // The two lines may arrive in separate chunks: wait for the second rather than race it.
      await run.printed(/Basic credentials: shop id/);
      expect(run.output().stdout).toContain(`shop id ${DEMO_SHOP.shopId}, secret key ${DEMO_SHOP.secretKey}`);
      const reply = await fetch(`${url}/customers`, { headers: { Authorization: basic(DEMO_SHOP) } });
      expect(reply.status).toBe(200);
      run.child.kill("SIGTERM");
      expect(await run.exited).toBe(0);
    } finally {
      run.child.kill("SIGKILL");
    }
  }, 20_000);

  it("refuses a SANDBOX_PORT that is not a port, in one line naming it", async () => {
    const run = runMain({ SANDBOX_PORT: "abc" });
    expect(await run.exited).toBe(1);
    expect(run.output().stderr.trim()).toBe(`SANDBOX_PORT is "abc"; it should be a port number from 0 to 65535`);
  }, 20_000);
});
