import { Agent, request as httpRequest } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { type GatewayProcess, startGatewayProcess } from "../../scripts/lib/gateway-process.js";
import { DEMO_SHOP } from "../../src/sandbox/demo-shop.js";
import { createSandbox, type Sandbox } from "../../src/sandbox/sandbox.js";

/** A GET over a given agent, so a test controls which connection it rides. */
function get(url: string, agent: Agent): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    httpRequest(url, { agent, headers: { "apollo-require-preflight": "true" } }, (response) => {
      let body = "";
      response.on("data", (chunk) => (body += chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, body }));
    })
      .on("error", reject)
      .end();
  });
}

describe("graceful shutdown on SIGTERM", () => {
  let sandbox: Sandbox;
  let gateway: GatewayProcess;
  afterEach(async () => {
    gateway?.kill();
    await sandbox?.close();
  });

  it("turns /readyz 503, refuses new operations, finishes the one in flight and exits 0", async () => {
    sandbox = createSandbox();
    const bepaidUrl = await sandbox.listen(0);
    gateway = await startGatewayProcess({
      env: { BEPAID_API_URL: bepaidUrl, BEPAID_SHOP_ID: DEMO_SHOP.shopId, BEPAID_SECRET_KEY: DEMO_SHOP.secretKey },
      ready: "listening",
    });
    const graphqlUrl = gateway.url;
    const base = new URL(graphqlUrl).origin;

    const agent = new Agent({ keepAlive: true });
    sandbox.faults.push({ action: { kind: "delay", ms: 700 } });
    const slowUrl = `${graphqlUrl}?query=${encodeURIComponent('{ customer(id: "cst_5ca4fab9dfc7fcbf") { firstName } }')}`;
    const slow = get(slowUrl, agent);
    while (sandbox.calls.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));

    const exited = gateway.stop();
    let ready = await get(`${base}/readyz`, agent);
    while (ready.status === 200) ready = await get(`${base}/readyz`, agent);
    expect(ready).toEqual({ status: 503, body: '{"status":"draining"}' });

    const refused = await get(slowUrl, agent);
    expect(refused.status).toBe(503);
    expect(JSON.parse(refused.body).errors[0].extensions.code).toBe("SHUTTING_DOWN");
    expect(sandbox.calls).toHaveLength(1);

    const answer = await slow;
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({ data: { customer: { firstName: "John" } } });
    expect((await exited).code).toBe(0);
    agent.destroy();
    await expect(fetch(`${base}/healthz`)).rejects.toThrow();
  }, 30_000);
});
