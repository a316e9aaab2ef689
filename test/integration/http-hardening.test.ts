import { connect } from "node:net";
import { describe, expect, it } from "vitest";
import { startStack, useStack } from "../helpers/stack.js";

/** Sends raw bytes to the gateway and resolves to everything it answered before closing. */
function raw(gatewayUrl: string, bytes: string, { end = true } = {}): Promise<string> {
  const { hostname, port } = new URL(gatewayUrl);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => (end ? socket.end(bytes) : socket.write(bytes)));
    let answer = "";
    socket.on("data", (chunk) => (answer += chunk));
    socket.on("close", () => resolve(answer));
    socket.on("error", reject);
  });
}

/** The JSON body of a raw HTTP answer. */
const bodyOf = (answer: string) => JSON.parse(answer.slice(answer.indexOf("\r\n\r\n") + 4));

describe("HTTP hardening", () => {
  const stack = useStack({ env: { GATEWAY_REQUEST_TIMEOUT_MS: "300", GATEWAY_CORS_ORIGINS: "https://app.example.com" } });

  it("marks GraphQL answers as not to be sniffed or cached", async () => {
    const { headers } = await stack.query("{ customers { email } }");
    expect(headers.get("x-content-type-options")).toBe("nosniff");
    expect(headers.get("cache-control")).toBe("no-store");
  });

  it("lets browsers send X-Request-Id and Idempotency-Key cross-origin", async () => {
    const response = await fetch(stack.gatewayUrl, {
      method: "OPTIONS",
      headers: { origin: "https://app.example.com", "access-control-request-method": "POST", "access-control-request-headers": "x-request-id, idempotency-key" },
    });
    const allowed = response.headers.get("access-control-allow-headers")?.split(/,\s*/) ?? [];
    expect(allowed).toEqual(expect.arrayContaining(["x-request-id", "idempotency-key", "authorization", "content-type"]));
  });

  it("serves /metrics with no CORS headers, even to an allowed origin", async () => {
    const response = await fetch(new URL("/metrics", stack.gatewayUrl), { headers: { origin: "https://app.example.com" } });
    expect(response.status).toBe(200);
    expect(response.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("answers headers over Node's limit with 431 and a JSON body in the contract's shape", async () => {
    const answer = await raw(stack.gatewayUrl, `GET /graphql HTTP/1.1\r\nHost: x\r\nX-Big: ${"a".repeat(20_000)}\r\n\r\n`);
    expect(answer).toMatch(/^HTTP\/1\.1 431 /);
    expect(answer).toMatch(/content-type: application\/json/i);
    expect(bodyOf(answer)).toEqual({ errors: [{ message: "The request's headers are too large.", extensions: { code: "HEADERS_TOO_LARGE" } }] });
  });

  /** A create by raw HTTP with filler header lines before its Idempotency-Key, `lines` header lines in all. */
  const createWithHeaderLines = (lines: number, key: string) => {
    const body = JSON.stringify({ query: 'mutation { createCustomer(input: { email: "many@example.com", ip: "10.0.0.1" }) { id } }' });
    // The connection stays open for the answer (a half-closed one aborts the request) and closes after it.
    const first = ["Host: x", "Connection: close", "Content-Type: application/json", `Content-Length: ${Buffer.byteLength(body)}`];
    const filler = Array.from({ length: lines - first.length - 1 }, () => "x:1");
    const head = [...first, ...filler, `Idempotency-Key: ${key}`].join("\r\n");
    return raw(stack.gatewayUrl, `POST /graphql HTTP/1.1\r\n${head}\r\n\r\n${body}`, { end: false });
  };

  it("refuses a request with more header lines than Node keeps with 431, rather than run it without the headers past them", async () => {
    const answer = await createWithHeaderLines(2001, "past-the-limit");
    expect(answer).toMatch(/^HTTP\/1\.1 431 /);
    expect(bodyOf(answer)).toEqual({ errors: [{ message: "The request's headers are too large.", extensions: { code: "HEADERS_TOO_LARGE" } }] });
    expect(stack.upstreamCalls()).toBe(0);
  });

  it("serves a request with as many header lines as Node keeps, its last header included", async () => {
    const answer = await createWithHeaderLines(2000, "at-the-limit");
    expect(answer).toMatch(/^HTTP\/1\.1 200 /);
    expect(bodyOf(answer).data.createCustomer.id).toMatch(/^cst_/);
    // The key arrived: the same create again is a replay.
    const again = await createWithHeaderLines(2000, "at-the-limit");
    expect(again).toMatch(/idempotent-replayed: true/i);
    expect(stack.upstreamCalls("POST")).toBe(1);
  });

  it("answers garbage with 400 and a JSON body", async () => {
    const answer = await raw(stack.gatewayUrl, "NOT HTTP AT ALL\r\n\r\n");
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(bodyOf(answer).errors[0].extensions.code).toBe("BAD_REQUEST");
  });

  it("closes a request whose body stalls past the request timeout with 408, and never calls bePaid", async () => {
    const answer = await raw(
      stack.gatewayUrl,
      'POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n{"query":"mutation',
      { end: false },
    );
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(bodyOf(answer).errors[0].extensions.code).toBe("REQUEST_TIMEOUT");
    expect(stack.upstreamCalls()).toBe(0);
  });
});

describe("metrics on their own port", () => {
  it("serves /metrics on METRICS_PORT only, never on the public listener", async () => {
    const stack = await startStack({ env: { METRICS_PORT: "0" } });
    try {
      expect((await fetch(new URL("/metrics", stack.gatewayUrl))).status).toBe(404);
      const metrics = await fetch(stack.metricsUrl!);
      expect(metrics.status).toBe(200);
      expect(await metrics.text()).toContain("gateway_operations_total");
    } finally {
      await stack.close();
    }
  });
});

describe("shutdown with a stalled body", () => {
  it("does not wait for a body that may never come", async () => {
    // A 60 s drain would time the test out: closing must cut the stalled request at once.
    const stack = await startStack({ env: { GATEWAY_SHUTDOWN_TIMEOUT_MS: "60000" } });
    const { hostname, port } = new URL(stack.gatewayUrl);
    const socket = connect(Number(port), hostname);
    const closed = new Promise((resolve) => socket.once("close", resolve));
    socket.on("error", () => undefined); // the gateway cuts it: a reset is what we expect
    socket.write('POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n{"query":');
    await new Promise((resolve) => setTimeout(resolve, 100));
    await stack.close();
    await closed;
    expect(stack.logs.join("")).not.toContain("shutdown timed out");
  });
});
