import { connect } from "node:net";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { CreateCustomerDocument, CustomerDocument } from "../generated/graphql.js";
import { useStack } from "../helpers/stack.js";

const JOHN = "cst_5ca4fab9dfc7fcbf";

describe("logs and metrics", () => {
  const stack = useStack({ env: { BEPAID_RETRIES: "1" } });
  beforeEach(() => {
    stack.sandbox.reset();
    stack.logs.length = 0;
  });

  const operationLines = () =>
    stack.logs.map((line) => JSON.parse(line)).filter((entry) => entry.msg === "operation");

  it("writes one line per operation, with the request id it returns to the caller and each bePaid call", async () => {
    stack.sandbox.faults.push({ action: { kind: "respond", status: 503 } });
    const { headers } = await stack.execute(CustomerDocument, { id: JOHN });
    const requestId = headers.get("x-request-id");
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);

    const lines = operationLines();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      requestId,
      operation: "Customer",
      status: 200,
      outcome: "ok",
      bepaid: [
        {
          call: "GET /customers/:id",
          path: `/customers/${JOHN}`,
          status: 200,
          attempts: 2,
          upstreamRequestId: stack.sandbox.calls[1]!.requestId,
          outcome: "ok",
        },
      ],
    });
    expect(lines[0].durationMs).toEqual(expect.any(Number));
  });

  it("logs the path of an id-shaped lookup, but not an email a caller typed as the id", async () => {
    await stack.query(`{ a: customer(id: "ada.private@example.com") { id } b: customer(id: "${JOHN}") { id } }`);
    const paths = operationLines()[0].bepaid.map((call: { path: string }) => call.path).sort();
    expect(paths).toEqual(["/customers/[redacted]", `/customers/${JOHN}`]);
    expect(stack.logs.join("")).not.toContain("ada.private");
    expect(stack.sandbox.calls.map((call) => call.path)).toContain("/customers/ada.private%40example.com");
  });

  it("keeps a caller's own request id when it is a sane one", async () => {
    const { headers } = await stack.execute(CustomerDocument, { id: JOHN }, { "x-request-id": "frontend-abc.123" });
    expect(headers.get("x-request-id")).toBe("frontend-abc.123");
    expect(operationLines()[0]?.requestId).toBe("frontend-abc.123");
  });

  it("names the code of a body the gateway refused before GraphQL as the outcome", async () => {
    const response = await fetch(stack.gatewayUrl, { method: "POST", headers: { "content-type": "application/json" }, body: "{not json" });
    expect(response.status).toBe(400);
    expect(operationLines()[0]).toMatchObject({ status: 400, outcome: "BAD_REQUEST", errors: ["BAD_REQUEST"] });
  });

  it("names the code of a request Apollo refused before any operation began as the outcome", async () => {
    const url = new URL(stack.gatewayUrl);
    url.search = new URLSearchParams({ query: "{ __typename }", extensions: "{not json" }).toString();
    const response = await fetch(url, { headers: { "apollo-require-preflight": "true" } });
    expect(response.status).toBe(400);
    expect(operationLines()[0]).toMatchObject({ status: 400, outcome: "BAD_REQUEST", errors: ["BAD_REQUEST"] });
  });

  it("names the error codes of a failed operation as its outcome", async () => {
    await stack.execute(CreateCustomerDocument, { input: { email: "a@example.com", ip: "not-an-ip" } });
    expect(operationLines()[0]).toMatchObject({ operation: "CreateCustomer", outcome: "BAD_USER_INPUT", errors: ["BAD_USER_INPUT"] });
  });

  it("serves Prometheus metrics for operations, bePaid calls, retries, the breaker and loader batches", async () => {
    stack.sandbox.faults.push({ action: { kind: "respond", status: 502 } });
    await stack.query(`query Pair { a: customer(id: "${JOHN}") { id } b: customer(id: "cst_9f65045c1f4c3676") { id } }`);
    const response = await fetch(new URL("/metrics", stack.gatewayUrl));
    expect(response.headers.get("content-type")).toContain("text/plain");
    const text = await response.text();
    expect(text).toMatch(/gateway_operations_total\{operation="Pair",outcome="ok"\} 1/);
    expect(text).toMatch(/gateway_operation_duration_seconds_count\{operation="Pair"\} 1/);
    expect(text).toMatch(/bepaid_calls_total\{endpoint="\/customers\/:id",method="GET",status="200"\} \d+/);
    expect(text).toMatch(/bepaid_retries_total\{endpoint="\/customers\/:id"\} [1-9]/);
    // Labelled by the endpoint's template, never by the id: a label per id would grow without bound.
    expect(text).not.toContain(JOHN);
    expect(text).toMatch(/bepaid_circuit_state 0/);
    expect(text).toMatch(/bepaid_calls_in_flight 0/);
    expect(text).toMatch(/bepaid_calls_queued 0/);
    expect(text).toMatch(/gateway_loader_batch_size_bucket\{le="2"\} [1-9]/);
    expect(text).toContain("process_resident_memory_bytes");
  });

  it("does not let callers' operation names grow the metrics without bound", async () => {
    await stack.query("query Weird_Name_1 { __typename }");
    await stack.query(`query ${"X".repeat(100)} { __typename }`);
    const text = await fetch(new URL("/metrics", stack.gatewayUrl)).then((response) => response.text());
    expect(text).toContain('operation="Weird_Name_1"');
    expect(text).not.toContain("X".repeat(100));
    expect(text).toContain('operation="other"');
  });

  it("logs a bePaid outage as a few lines, not one per failed call", async () => {
    for (let i = 0; i < 12; i++) stack.sandbox.faults.push({ action: { kind: "respond", status: 503 } }, { action: { kind: "respond", status: 503 } });
    for (let i = 0; i < 12; i++) {
      const { body } = await stack.execute(CustomerDocument, { id: JOHN });
      expect(body.errors?.[0]?.extensions?.code).toBe("UPSTREAM_UNAVAILABLE");
    }
    const entries = stack.logs.map((line) => JSON.parse(line));
    expect(operationLines()).toHaveLength(12);
    expect(operationLines().every((line) => line.bepaid[0].status === 503)).toBe(true);
    const others = entries.filter((entry) => entry.msg !== "operation");
    expect(others).toEqual([expect.objectContaining({ level: 40, msg: "bePaid calls are failing", failure: "http_503" })]);
  });

  it("writes one info line, not an error, for a client that goes away mid-body", async () => {
    const { hostname, port } = new URL(stack.gatewayUrl);
    const socket = connect(Number(port), hostname);
    await new Promise((resolve) => socket.once("connect", resolve));
    socket.write("POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"query\":");
    // Give the server time to read the headers and start reading the body, then vanish.
    await new Promise((resolve) => setTimeout(resolve, 100));
    socket.destroy();
    await vi.waitFor(() => expect(operationLines()).toHaveLength(1));
    const entries = stack.logs.map((line) => JSON.parse(line));
    expect(entries).toEqual([expect.objectContaining({ level: 30, msg: "operation", outcome: "client_aborted" })]);
  });
});
