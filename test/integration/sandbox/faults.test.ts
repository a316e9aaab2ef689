import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DOCS_CREATE_REQUEST } from "../../helpers/bepaid-docs.js";
import { MINIMAL_CUSTOMER, startSandbox, type Harness } from "../../helpers/sandbox-harness.js";

let harness: Harness;
beforeEach(async () => {
  harness = await startSandbox();
});
afterEach(() => harness.sandbox.close());

const listIds = async () =>
  (await harness.request("GET", "/customers")).json.map((customer: { id: string }) => customer.id);

/** Resolves once the sandbox has received `count` requests. */
async function receivedCalls(count: number): Promise<void> {
  while (harness.sandbox.calls.length < count) await new Promise((resolve) => setTimeout(resolve, 5));
}

describe("a respond fault", () => {
  it("answers its status and JSON-encoded body once, then the sandbox answers normally", async () => {
    harness.sandbox.faults.push({ action: { kind: "respond", status: 503, body: { message: "Maintenance" } } });
    const faulted = await harness.request("GET", "/customers");
    expect(faulted.status).toBe(503);
    expect(faulted.text).toBe(`{"message":"Maintenance"}`);
    expect(faulted.headers.get("x-request-id")).toBe(harness.sandbox.calls[0]?.requestId);
    expect((await harness.request("GET", "/customers")).status).toBe(200);
  });

  it("passes its headers on, such as a 429's Retry-After", async () => {
    harness.sandbox.faults.push({
      action: { kind: "respond", status: 429, body: { message: "Too many requests" }, headers: { "Retry-After": "1" } },
    });
    const reply = await harness.request("GET", "/customers");
    expect(reply.status).toBe(429);
    expect(reply.headers.get("retry-after")).toBe("1");
    expect(reply.headers.get("x-request-id")).not.toBeNull();
  });

  it("sends a string body as-is, such as an HTML error page or truncated JSON", async () => {
    const html = "<html><body><h1>502 Bad Gateway</h1></body></html>";
    harness.sandbox.faults.push(
      { action: { kind: "respond", status: 502, body: html, headers: { "Content-Type": "text/html" } } },
      { action: { kind: "respond", status: 200, body: `[{"id":"cst_5ca4` } },
    );
    const page = await harness.request("GET", "/customers");
    expect([page.status, page.text, page.headers.get("content-type")]).toEqual([502, html, "text/html"]);
    const truncated = await harness.request("GET", "/customers");
    expect([truncated.status, truncated.text]).toEqual([200, `[{"id":"cst_5ca4`]);
  });

  it("lets its headers replace X-Request-Id, or answer none at all with an empty body", async () => {
    harness.sandbox.faults.push({ action: { kind: "respond", status: 500, headers: { "X-Request-Id": "fixed" } } });
    const reply = await harness.request("GET", "/customers");
    expect([reply.status, reply.text, reply.headers.get("x-request-id")]).toEqual([500, "", "fixed"]);
  });

  it("stands in for a create, which then stores nothing", async () => {
    harness.sandbox.faults.push({ action: { kind: "respond", status: 500, body: { message: "Oops" } } });
    expect((await harness.request("POST", "/customers", { body: MINIMAL_CUSTOMER })).status).toBe(500);
    expect(await listIds()).toHaveLength(2);
  });

  it("applies before authentication", async () => {
    harness.sandbox.faults.push({ action: { kind: "respond", status: 503 } });
    expect((await harness.request("GET", "/customers", { auth: null })).status).toBe(503);
  });
});

describe("matching", () => {
  it("catches only requests of its method and path, the first matching fault first", async () => {
    harness.sandbox.faults.push(
      { match: { method: "post", path: "/customers" }, action: { kind: "respond", status: 500 } },
      { match: { path: /^\/customers\/cst_/ }, action: { kind: "respond", status: 502 } },
      { match: { path: /^\/customers\/cst_/ }, action: { kind: "respond", status: 503 } },
    );
    expect((await harness.request("GET", "/customers")).status).toBe(200);
    expect((await harness.request("GET", "/customers/cst_5ca4fab9dfc7fcbf")).status).toBe(502);
    expect((await harness.request("GET", "/customers/cst_5ca4fab9dfc7fcbf")).status).toBe(503);
    expect((await harness.request("POST", "/customers", { body: MINIMAL_CUSTOMER })).status).toBe(500);
    expect(harness.sandbox.faults.pending).toBe(0);
  });

  it("uses a fault up after its times, and never one of Infinity times", async () => {
    harness.sandbox.faults.push({ times: 2, action: { kind: "respond", status: 500 } });
    const statuses = [];
    for (let i = 0; i < 3; i += 1) statuses.push((await harness.request("GET", "/customers")).status);
    expect(statuses).toEqual([500, 500, 200]);

    harness.sandbox.faults.push({ times: Infinity, action: { kind: "respond", status: 503 } });
    for (let i = 0; i < 3; i += 1) expect((await harness.request("GET", "/customers")).status).toBe(503);
    expect(harness.sandbox.faults.pending).toBe(1);
  });

  it("counts pending faults and drops them on clear() and reset()", async () => {
    const fault = { action: { kind: "respond", status: 500 } } as const;
    harness.sandbox.faults.push(fault, fault);
    expect(harness.sandbox.faults.pending).toBe(2);
    harness.sandbox.faults.clear();
    expect(harness.sandbox.faults.pending).toBe(0);
    harness.sandbox.faults.push(fault);
    harness.sandbox.reset();
    expect((await harness.request("GET", "/customers")).status).toBe(200);
  });

  it("refuses a fault with times that are not a positive integer or Infinity", () => {
    for (const times of [0, -1, 1.5, NaN]) {
      expect(() => harness.sandbox.faults.push({ times, action: { kind: "reset" } })).toThrow(TypeError);
    }
  });

  it("records faulted requests in calls like any other", async () => {
    harness.sandbox.faults.push({ action: { kind: "respond", status: 500 } });
    await harness.request("GET", "/customers");
    expect(harness.sandbox.calls.map((call) => call.path)).toEqual(["/customers"]);
  });
});

describe("a reset fault", () => {
  it("drops the connection without an answer, and the request is not handled", async () => {
    harness.sandbox.faults.push({ action: { kind: "reset" } });
    await expect(harness.request("POST", "/customers", { body: MINIMAL_CUSTOMER })).rejects.toThrow("fetch failed");
    expect(harness.sandbox.calls).toHaveLength(1);
    expect(await listIds()).toHaveLength(2);
  });
});

describe("a handleThenReset fault", () => {
  it("really creates the customer, then drops the connection without an answer", async () => {
    harness.sandbox.faults.push({ action: { kind: "handleThenReset" } });
    await expect(harness.request("POST", "/customers", { body: DOCS_CREATE_REQUEST })).rejects.toThrow("fetch failed");
    expect(await listIds()).toHaveLength(3);
  });
});

describe("a hang fault", () => {
  it("never answers, and leaves the sandbox serving other requests", async () => {
    harness.sandbox.faults.push({ action: { kind: "hang" } });
    const hung = harness.request("GET", "/customers");
    await receivedCalls(1);
    expect((await harness.request("GET", "/customers")).status).toBe(200);
    await harness.sandbox.close();
    await expect(hung).rejects.toThrow("fetch failed");
  });

  it("lets a client give up on its own", async () => {
    harness.sandbox.faults.push({ action: { kind: "hang" } });
    const url = harness.sandbox.url;
    await expect(fetch(`${url}/customers`, { signal: AbortSignal.timeout(100) })).rejects.toThrow(/aborted/);
  });

  it("does not hold up close()", async () => {
    harness.sandbox.faults.push({ times: 3, action: { kind: "hang" } });
    const hung = [1, 2, 3].map(() => harness.request("GET", "/customers").catch((error: Error) => error));
    await receivedCalls(3);
    // A hang never ends: a close() that waited for it would never resolve and time the test out.
    await harness.sandbox.close();
    for (const outcome of await Promise.all(hung)) expect(outcome).toBeInstanceOf(Error);
  });
});

describe("a delay fault", () => {
  it("answers normally, only after the delay", async () => {
    harness.sandbox.faults.push({ action: { kind: "delay", ms: 150 } });
    const started = performance.now();
    const reply = await harness.request("POST", "/customers", { body: MINIMAL_CUSTOMER });
    expect(performance.now() - started).toBeGreaterThanOrEqual(145);
    expect(reply.status).toBe(201);
    expect(await listIds()).toContain(reply.json.id);
  });

  it("is cancelled by close(), which does not wait for it", async () => {
    // Far past the test's own timeout: a close() that waited for the delay would time the test out.
    harness.sandbox.faults.push({ action: { kind: "delay", ms: 600_000 } });
    const delayed = harness.request("POST", "/customers", { body: MINIMAL_CUSTOMER });
    await receivedCalls(1);
    await harness.sandbox.close();
    await expect(delayed).rejects.toThrow("fetch failed");
  });
});

describe("an endlessBody fault", () => {
  it("sends a 200 whose JSON array never ends, as fast as the client reads it, and lets the client go", async () => {
    harness.sandbox.faults.push({ action: { kind: "endlessBody" } });
    const response = await fetch(`${harness.sandbox.url}/customers`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-length")).toBeNull();
    const reader = response.body!.getReader();
    let received = "";
    while (received.length < 4 * 1024 * 1024) {
      const { value, done } = await reader.read();
      expect(done).toBe(false);
      received += Buffer.from(value!).toString("utf8");
    }
    expect(received.startsWith('[{"id":"cst_')).toBe(true);
    await reader.cancel();
    expect((await harness.request("GET", "/customers")).status).toBe(200);
  });
});

describe("an endlessBody fault with everyMs", () => {
  it("trickles in one customer at a time, never ending", async () => {
    harness.sandbox.faults.push({ action: { kind: "endlessBody", everyMs: 10 } });
    const response = await fetch(`${harness.sandbox.url}/customers`);
    const reader = response.body!.getReader();
    const reads: string[] = [];
    while (reads.length < 4) reads.push(Buffer.from((await reader.read()).value!).toString("utf8"));
    expect(reads[0]).toBe("[");
    for (const piece of reads.slice(1)) expect(piece).toMatch(/^\{"id":"cst_[0-9a-f]{16}".*\},$/);
    await reader.cancel();
  });

  it("refuses an everyMs that is not a positive number", () => {
    expect(() => harness.sandbox.faults.push({ action: { kind: "endlessBody", everyMs: 0 } })).toThrow(/everyMs/);
  });
});
