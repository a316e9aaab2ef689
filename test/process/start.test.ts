import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const root = new URL("../../", import.meta.url);

/** Manifests a start-up must refuse: not JSON, and an entry whose key is another text's hash. */
const manifests = mkdtempSync(join(tmpdir(), "gw-bad-manifest-"));
const NOT_JSON = join(manifests, "not-json.json");
writeFileSync(NOT_JSON, '{ "abc": ');
const TAMPERED = join(manifests, "tampered.json");
const KEY = "b66f07a17edc87e0ccf6b994832c4f80dd7e93f48ee55c31ce6e2d4c33b29935"; // the hash of test/operations' Customers
writeFileSync(TAMPERED, JSON.stringify({ [`sha256:${KEY}`]: "query Customers { customers { email ip } }" }));

/** Runs `npm start`'s command with the given environment, collecting what it prints. */
function start(env: Record<string, string>) {
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: root,
    env: { PATH: process.env.PATH, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output = { stdout: "", stderr: "" };
  child.stdout!.on("data", (chunk) => (output.stdout += chunk));
  child.stderr!.on("data", (chunk) => (output.stderr += chunk));
  return { child, output };
}

async function waitFor(child: ChildProcess, read: () => string, pattern: RegExp): Promise<RegExpMatchArray> {
  for (let waited = 0; waited < 20_000; waited += 50) {
    const match = read().match(pattern);
    if (match) return match;
    if (child.exitCode !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no ${pattern} in: ${read()}`);
}

describe("npm start", () => {
  it("starts the gateway on the embedded sandbox, answers the banner's query and stops cleanly on SIGTERM", async () => {
    const { child, output } = start({ PORT: "0" });
    try {
      // The banner's last line, so the whole banner is in.
      await waitFor(child, () => output.stdout, /-d '\{"query"/);
      const [, url] = await waitFor(child, () => output.stdout, /GraphQL gateway\s+(http:\/\/\S+\/graphql)/);
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

      child.kill("SIGTERM");
      const [code] = await once(child, "exit");
      expect(code).toBe(0);
    } finally {
      child.kill("SIGKILL");
    }
  }, 30_000);

  it("tells, when only trusted documents run, a first request by id that the gateway answers", async () => {
    const { child, output } = start({ PORT: "0", GATEWAY_TRUSTED_DOCUMENTS: "test/generated/persisted-documents.json", GATEWAY_TRUSTED_DOCUMENTS_ONLY: "true" });
    try {
      const [, url, body] = await waitFor(child, () => output.stdout, /curl -s (http:\/\/\S+\/graphql) .*\\\n\s+-d '(.+)'\n/);
      expect(output.stdout).toContain("send a document's id, not its text");
      expect(JSON.parse(body!)).toEqual({ documentId: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) });
      const response = await fetch(url!, { method: "POST", headers: { "content-type": "application/json" }, body: body! });
      expect(response.status).toBe(200);
      const answer = (await response.json()) as { data?: unknown; errors?: unknown };
      expect(answer.errors).toBeUndefined();
      expect(answer.data).toBeDefined();
    } finally {
      child.kill("SIGKILL");
    }
  }, 30_000);

  it.each([
    [{ PORT: "abc" }, 'PORT is "abc"; it should be a port number from 0 to 65535'],
    [{ BEPAID_API_URL: "not a url", GATEWAY_PASSTHROUGH: "true" }, 'BEPAID_API_URL is "not a url"; it should be an http(s) URL'],
    [{ NODE_ENV: "production", BEPAID_SHOP_ID: "1", BEPAID_SECRET_KEY: "k", GATEWAY_ALLOW_ANONYMOUS: "true" }, "BEPAID_API_URL is unset; in production it should be bePaid's URL"],
    [
      { NODE_ENV: "prod", BEPAID_API_URL: "https://api.bepaid.by", BEPAID_SHOP_ID: "1", BEPAID_SECRET_KEY: "k", GATEWAY_ALLOW_ANONYMOUS: "true" },
      'NODE_ENV is "prod"; it should be one of production, development, test',
    ],
    [
      { NODE_ENV: "production", BEPAID_API_URL: "https://api.bepaid.by", BEPAID_SHOP_ID: "1", BEPAID_SECRET_KEY: "k" },
      "NODE_ENV is production but GATEWAY_TOKENS and GATEWAY_JWKS_URL are unset",
    ],
    [{ GATEWAY_TRUSTED_DOCUMENTS: join(manifests, "missing.json") }, `GATEWAY_TRUSTED_DOCUMENTS: ${join(manifests, "missing.json")} cannot be read (ENOENT)`],
    [{ GATEWAY_TRUSTED_DOCUMENTS: NOT_JSON }, `GATEWAY_TRUSTED_DOCUMENTS: ${NOT_JSON} is not JSON`],
    [
      { GATEWAY_TRUSTED_DOCUMENTS: `test/generated/persisted-documents.json,${TAMPERED}` },
      `GATEWAY_TRUSTED_DOCUMENTS: ${TAMPERED}, entry "sha256:${KEY}": the key should be the SHA-256 of its document`,
    ],
  ])("refuses to start on %o with one clear line", async (env, line) => {
    const { child, output } = start(env);
    const [code] = await once(child, "exit");
    expect(code).toBe(1);
    expect(output.stderr.trim().split("\n")).toHaveLength(1);
    expect(output.stderr).toContain(line);
  }, 30_000);

  it("lists every missing or invalid variable of a production start in one run, naming no secret", async () => {
    const { child, output } = start({ NODE_ENV: "production", GATEWAY_TOKENS: "too-short-secret", PORT: "eighty" });
    const [code] = await once(child, "exit");
    expect(code).toBe(1);
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
