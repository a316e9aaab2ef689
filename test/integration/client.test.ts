import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { BepaidCallRecord } from "../../src/bepaid/call-record.js";
import { type BepaidShopClient, createBepaidClient } from "../../src/bepaid/client.js";
import { BepaidPathError } from "../../src/bepaid/errors.js";
import { createPoolFetch } from "../../src/bepaid/pool-fetch.js";
import { createUnchangedLists } from "../../src/bepaid/unchanged-lists.js";
import { readBody } from "../../src/http/read-body.js";
import { DEMO_SHOP } from "../../src/sandbox/demo-shop.js";
import { createSandbox, type Sandbox } from "../../src/sandbox/sandbox.js";

const JOHN = "cst_5ca4fab9dfc7fcbf";

/** The bePaid client on its own, against the sandbox over real HTTP. */
describe("the bePaid client", () => {
  let sandbox: Sandbox;
  let client: BepaidShopClient;
  beforeAll(async () => {
    sandbox = createSandbox();
    const baseUrl = await sandbox.listen(0);
    client = createBepaidClient({ baseUrl, timeoutMs: 2_000, retries: 0, fetch: createPoolFetch({ connections: 2, maxResponseBytes: 1024 * 1024 }) }, DEMO_SHOP);
  });
  afterAll(() => sandbox.close());
  beforeEach(() => sandbox.reset());

  it.each([".", ".."])("never sends a read whose id %j would leave /customers/<id>", async (id) => {
    // The gateway's resolver refuses these first; the client is the last line, so it must hold on its own.
    await expect(client.getCustomer(id)).rejects.toBeInstanceOf(BepaidPathError);
    expect(sandbox.calls).toEqual([]);
  });

  it("never sends a read whose id cannot be encoded, and says so with its own error", async () => {
    const refusal = client.getCustomer("cst_\ud800");
    await expect(refusal).rejects.toBeInstanceOf(BepaidPathError);
    await expect(refusal).rejects.toMatchObject({ name: "BepaidPathError", call: { method: "GET", endpoint: "/customers/:id" } });
    expect(sandbox.calls).toEqual([]);
  });

  it("sends an id that looks like an encoded dot as the literal text it is", async () => {
    await expect(client.getCustomer("%2e")).resolves.toBeNull();
    expect(sandbox.calls.map((call) => call.path)).toEqual(["/customers/%252e"]);
  });

  it("gives up a timed-out attempt's connection, so the next call is not stuck behind it", async () => {
    // One connection: a hung attempt that was not cut off would hold it, and the next call would time out too.
    const patient = createBepaidClient({ baseUrl: sandbox.url, timeoutMs: 300, retries: 0, fetch: createPoolFetch({ connections: 1, maxResponseBytes: 1024 * 1024 }) }, DEMO_SHOP);
    sandbox.faults.push({ action: { kind: "hang" } });
    await expect(patient.getCustomer(JOHN)).rejects.toMatchObject({ name: "BepaidTimeoutError" });
    await expect(patient.getCustomer(JOHN)).resolves.toMatchObject({ id: JOHN });
  });

  it("records the path it sent beside the endpoint's template", async () => {
    const log: BepaidCallRecord[] = [];
    const session = client.session(log);
    await session.getCustomer(JOHN);
    await session.getCustomer("a/b c");
    await session.listCustomers();
    expect(log.map(({ call, path }) => ({ endpoint: call.endpoint, path }))).toEqual([
      { endpoint: "/customers/:id", path: `/customers/${JOHN}` },
      { endpoint: "/customers/:id", path: "/customers/a%2Fb%20c" },
      { endpoint: "/customers", path: "/customers" },
    ]);
    expect(sandbox.calls.map((call) => call.path)).toEqual(log.map(({ path }) => path));
  });

  it("calls bePaid for every list, and parses a list only when its bytes changed", async () => {
    const lists = createBepaidClient(
      { baseUrl: sandbox.url, timeoutMs: 2_000, retries: 0, fetch: createPoolFetch({ connections: 1, maxResponseBytes: 1024 * 1024 }), unchangedLists: createUnchangedLists() },
      DEMO_SHOP,
    );
    const first = await lists.listCustomers();
    expect(await lists.listCustomers()).toBe(first);
    const created = await lists.createCustomer({ email: "new@example.com", ip: "10.0.0.9" });
    const after = await lists.listCustomers();
    expect(after).not.toBe(first);
    expect(after.map((record) => record.id)).toEqual([...first.map((record) => record.id), created.id]);
    expect(sandbox.calls.map((call) => `${call.method} ${call.path}`)).toEqual(["GET /customers", "GET /customers", "POST /customers", "GET /customers"]);
  });

  it("sends a create's JSON as its body, once, with the credential set's headers", async () => {
    const received: { method?: string; headers?: IncomingHttpHeaders; body?: string }[] = [];
    const server = createServer(async (request, response) => {
      received.push({ method: request.method, headers: request.headers, body: await readBody(request) });
      response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ id: "cst_1", email: "a@example.com", ip: "10.0.0.1" }));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const creating = createBepaidClient({ baseUrl: `http://127.0.0.1:${port}`, timeoutMs: 2_000, retries: 2, fetch: createPoolFetch({ connections: 1, maxResponseBytes: 1024 * 1024 }) }, DEMO_SHOP);
      await expect(creating.createCustomer({ email: "a@example.com", ip: "10.0.0.1", first_name: "Ada" })).resolves.toMatchObject({ id: "cst_1" });
      expect(received).toHaveLength(1);
      expect(received[0]!.method).toBe("POST");
      expect(JSON.parse(received[0]!.body!)).toEqual({ email: "a@example.com", ip: "10.0.0.1", first_name: "Ada" });
      expect(received[0]!.headers).toMatchObject({
        "content-type": "application/json",
        "content-length": String(Buffer.byteLength(received[0]!.body!)),
        authorization: `Basic ${Buffer.from(`${DEMO_SHOP.shopId}:${DEMO_SHOP.secretKey}`).toString("base64")}`,
      });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
