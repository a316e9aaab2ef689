import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type GatewayProcess, startGatewayProcess } from "../../scripts/lib/gateway-process.js";

/** A manifest a start-up must refuse: not JSON. */
const manifests = mkdtempSync(join(tmpdir(), "gw-bad-manifest-"));
const NOT_JSON = join(manifests, "not-json.json");
writeFileSync(NOT_JSON, '{ "abc": ');

/** Runs `npm start`'s command through the one gateway starter with `env`, collecting what it prints. */
function start(env: Record<string, string>) {
  const output = { stdout: "", stderr: "" };
  const started = startGatewayProcess({ env, ready: "listening", timeoutMs: 20_000, onLine: (line, stream) => (output[stream] += `${line}\n`) });
  return { started, output };
}

async function waitFor(gateway: GatewayProcess, read: () => string, pattern: RegExp): Promise<RegExpMatchArray> {
  for (let waited = 0; waited < 20_000; waited += 50) {
    const match = read().match(pattern);
    if (match) return match;
    if (gateway.exit) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no ${pattern} in: ${read()}`);
}

describe("npm start", () => {
  it("starts the gateway on the embedded sandbox, answers the banner's query and stops cleanly on SIGTERM", async () => {
    const { started, output } = start({});
    const gateway = await started;
    try {
      // The banner's last line, so the whole banner is in.
      await waitFor(gateway, () => output.stdout, /-d '\{"query"/);
      const [, url] = await waitFor(gateway, () => output.stdout, /GraphQL gateway\s+(http:\/\/\S+\/graphql)/);
      expect(output.stdout).toContain("shop id 361");
      expect(output.stdout).toMatch(/curl -s http:\/\/127\.0\.0\.1:\d+\/graphql/);

      const response = await fetch(url!, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query: "{ customers { id firstName lastName email } }" }),
      });
      const body = (await response.json()) as { data: { customers: unknown[] } };
      expect(body.data.customers[0]).toEqual({
        id: "cst_5ca4fab9dfc7fcbf",
        firstName: "John",
        lastName: "Doe",
        email: "customer@example.com",
      });

      expect((await gateway.stop()).code).toBe(0);
    } finally {
      gateway.kill();
    }
  }, 30_000);

  it("tells, when only trusted documents run, a first request by id that the gateway answers", async () => {
    const { started, output } = start({ GATEWAY_TRUSTED_DOCUMENTS: "test/generated/persisted-documents.json", GATEWAY_TRUSTED_DOCUMENTS_ONLY: "true" });
    const gateway = await started;
    try {
      const [, url, body] = await waitFor(gateway, () => output.stdout, /curl -s (http:\/\/\S+\/graphql) .*\\\n\s+-d '(.+)'\n/);
      expect(output.stdout).toContain("send a document's id, not its text");
      expect(JSON.parse(body!)).toEqual({ documentId: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) });
      const response = await fetch(url!, { method: "POST", headers: { "content-type": "application/json" }, body: body! });
      expect(response.status).toBe(200);
      const answer = (await response.json()) as { data?: unknown; errors?: unknown };
      expect(answer.errors).toBeUndefined();
      expect(answer.data).toBeDefined();
    } finally {
      gateway.kill();
    }
  }, 30_000);

  // Each refusal's wording is checked in process (config.test.ts, trusted-documents.test.ts); here,
  // only how npm start prints one: one from the settings, one from a manifest the server loads.
  it.each([
    [{ PORT: "abc" }, 'PORT is "abc"; it should be a port number from 0 to 65535'],
    [{ GATEWAY_TRUSTED_DOCUMENTS: NOT_JSON }, `GATEWAY_TRUSTED_DOCUMENTS: ${NOT_JSON} is not JSON`],
  ])("refuses to start on %o with one clear line", async (env, line) => {
    const { started, output } = start(env);
    await expect(started).rejects.toThrow(/exit code 1/);
    expect(output.stderr.trim().split("\n")).toHaveLength(1);
    expect(output.stderr).toContain(line);
  }, 30_000);

  it("lists every missing or invalid variable of a production start in one run, naming no secret", async () => {
    const { started, output } = start({ NODE_ENV: "production", GATEWAY_TOKENS: "too-short-secret", PORT: "eighty" });
    await expect(started).rejects.toThrow(/exit code 1/);
    expect(output.stderr.trim().split("\n")).toEqual([
      "Configuration errors (4); fix each of them, then start again:",
      "  - BEPAID_API_URL is unset; in production it should be bePaid's URL (the embedded sandbox serves fake data)",
      "  - GATEWAY_TOKENS holds a token shorter than 32 characters; in production each should be at least 32 random characters",
      "  - BEPAID_SHOP_ID and BEPAID_SECRET_KEY are unset; in production they should be set (or GATEWAY_PASSTHROUGH=true)",
      '  - PORT is "eighty"; it should be a port number from 0 to 65535',
    ]);
    expect(output.stderr).not.toContain("too-short-secret");
  }, 30_000);
});
