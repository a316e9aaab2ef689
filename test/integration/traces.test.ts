import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { DEMO_SHOP } from "../../src/sandbox/demo-shop.js";
import { type OtlpReceiver, type ReceivedSpan, startOtlpReceiver } from "../helpers/otlp-receiver.js";
import { type Stack, startStack, useStack } from "../helpers/stack.js";

const JOHN = "cst_5ca4fab9dfc7fcbf";
/** The caller's own span, which the gateway's server span continues. */
const CALLER_SPAN = "00f067aa0ba902b7";
const TOKEN = "caller-token-0123456789abcdefghij-private";
const SERVER = 2;
const CLIENT = 3;
const INTERNAL = 1;
const ERROR = 2;

const newTraceId = () => randomBytes(16).toString("hex");
const traceparent = (traceId: string, flags = "01") => `00-${traceId}-${CALLER_SPAN}-${flags}`;

/** The three kinds of span of one operation, once all of them arrived. */
function complete(clients: number) {
  return (spans: ReceivedSpan[]) =>
    spans.some((span) => span.kind === SERVER) &&
    spans.some((span) => span.kind === INTERNAL) &&
    spans.filter((span) => span.kind === CLIENT).length >= clients;
}

function byKind(spans: ReceivedSpan[]) {
  const [server, ...otherServers] = spans.filter((span) => span.kind === SERVER);
  const [operation, ...otherOperations] = spans.filter((span) => span.kind === INTERNAL);
  expect(otherServers).toEqual([]);
  expect(otherOperations).toEqual([]);
  return { server: server!, operation: operation!, clients: spans.filter((span) => span.kind === CLIENT) };
}

describe.each(["http/protobuf", "http/json"] as const)("traces over OTLP %s", (protocol) => {
  let receiver: OtlpReceiver;
  let stack: Stack;
  beforeAll(async () => {
    // The SDK's own tuning variable: export each batch at once rather than every 5 s.
    vi.stubEnv("OTEL_BSP_SCHEDULE_DELAY", "10");
    receiver = await startOtlpReceiver();
    stack = await startStack({
      env: {
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
        OTEL_EXPORTER_OTLP_PROTOCOL: protocol,
        OTEL_EXPORTER_OTLP_HEADERS: "x-collector-key=collector%20key",
        OTEL_RESOURCE_ATTRIBUTES: "deployment.environment.name=test",
        BEPAID_RETRIES: "1",
        GATEWAY_TOKENS: TOKEN,
      },
    });
  });
  afterAll(async () => {
    await stack?.close();
    await receiver?.close();
    vi.unstubAllEnvs();
  });
  beforeEach(() => {
    stack.sandbox.reset();
    stack.logs.length = 0;
  });

  const send = (source: string, variables: object | undefined, traceId: string | undefined, headers: Record<string, string> = {}) =>
    stack.query(source, variables, {
      authorization: `Bearer ${TOKEN}`,
      ...(traceId === undefined ? {} : { traceparent: traceparent(traceId), tracestate: "caller=t61rcWkgMzE" }),
      ...headers,
    });
  const operationLine = () => stack.logs.map((line) => JSON.parse(line)).find((entry) => entry.msg === "operation");

  it("continues the caller's trace: server span, operation span, a client span per bePaid call, and bePaid gets the same trace", async () => {
    const traceId = newTraceId();
    const answer = await send("query Customer($id: ID!) { customer(id: $id) { id } }", { id: JOHN }, traceId);
    expect(answer.body).toEqual({ data: { customer: { id: JOHN } } });

    const { server, operation, clients } = byKind(await receiver.waitForTrace(traceId, complete(1)));
    expect(server).toMatchObject({ parentSpanId: CALLER_SPAN, name: "POST /graphql", status: { code: 0 }, traceState: "caller=t61rcWkgMzE" });
    expect(server.attributes).toEqual({
      "http.request.method": "POST",
      "url.scheme": "http",
      "url.path": "/graphql",
      "http.route": "/graphql",
      "http.response.status_code": 200,
    });
    expect(operation).toMatchObject({ parentSpanId: server.spanId, name: "query Customer", status: { code: 0 } });
    expect(operation.attributes).toEqual({ "graphql.operation.type": "query", "graphql.operation.name": "Customer" });
    expect(clients).toHaveLength(1);
    expect(clients[0]).toMatchObject({ parentSpanId: operation.spanId, name: "GET /customers/{id}", status: { code: 0 } });
    expect(clients[0]!.attributes).toEqual({
      "http.request.method": "GET",
      "url.template": "/customers/{id}",
      "server.address": "127.0.0.1",
      "server.port": Number(new URL(stack.sandbox.url).port),
      "http.response.status_code": 200,
    });
    // Spans nest in time as they nest in the tree, to the millisecond the SDK anchors each span's clock to.
    const MS = 1_000_000n;
    expect(clients[0]!.startTimeUnixNano + MS).toBeGreaterThanOrEqual(operation.startTimeUnixNano);
    expect(clients[0]!.endTimeUnixNano).toBeLessThanOrEqual(operation.endTimeUnixNano + MS);
    expect(operation.endTimeUnixNano).toBeLessThanOrEqual(server.endTimeUnixNano + MS);

    // bePaid got the trace, as a child of the attempt's own span, with the caller's tracestate.
    expect(stack.sandbox.calls.map((call) => call.traceparent)).toEqual([`00-${traceId}-${clients[0]!.spanId}-01`]);
    expect(operationLine()).toMatchObject({ traceId, spanId: server.spanId, operation: "Customer" });
    expect(server.resource).toMatchObject({ "service.name": "bepaid-graphql-gateway", "deployment.environment.name": "test" });
    expect(receiver.exports.every((received) => received.protocol === protocol)).toBe(true);
    expect(receiver.exports[0]!.headers["x-collector-key"]).toBe("collector key");
  });

  it("starts a trace of its own for a caller that sends no traceparent, and passes it on to bePaid", async () => {
    await send("{ customers { id } }", undefined, undefined);
    const { traceId, spanId } = operationLine();
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);
    const { server, operation, clients } = byKind(await receiver.waitForTrace(traceId, complete(1)));
    expect(server.parentSpanId).toBeUndefined();
    expect(server.spanId).toBe(spanId);
    expect(operation.name).toBe("query");
    expect(operation.attributes).toEqual({ "graphql.operation.type": "query" });
    expect(clients.map((client) => [client.name, client.attributes["url.template"]])).toEqual([["GET /customers", "/customers"]]);
    expect(stack.sandbox.calls[0]!.traceparent).toBe(`00-${traceId}-${clients[0]!.spanId}-01`);
  });

  it("spans each attempt of a retried read, with bePaid's status and the contract's code of each failure", async () => {
    stack.sandbox.faults.push({ action: { kind: "respond", status: 503 } });
    const traceId = newTraceId();
    await send(`{ customer(id: "${JOHN}") { id } }`, undefined, traceId);

    const { operation, clients } = byKind(await receiver.waitForTrace(traceId, complete(2)));
    const resends = (span: ReceivedSpan) => Number(span.attributes["http.request.resend_count"] ?? 0);
    const [first, second] = clients.sort((a, b) => resends(a) - resends(b));
    expect(first).toMatchObject({ parentSpanId: operation.spanId, status: { code: ERROR } });
    expect(first!.attributes).toMatchObject({ "http.response.status_code": 503, "error.type": "UPSTREAM_UNAVAILABLE" });
    expect(first!.attributes).not.toHaveProperty("http.request.resend_count");
    expect(second).toMatchObject({ parentSpanId: operation.spanId, status: { code: 0 } });
    expect(second!.attributes).toMatchObject({ "http.response.status_code": 200, "http.request.resend_count": 1 });
    expect(second!.attributes).not.toHaveProperty("error.type");
    expect(first!.endTimeUnixNano).toBeLessThanOrEqual(second!.startTimeUnixNano + 1_000_000n);
    // Each attempt went out with its own span's traceparent.
    expect(stack.sandbox.calls.map((call) => call.traceparent)).toEqual([`00-${traceId}-${first!.spanId}-01`, `00-${traceId}-${second!.spanId}-01`]);
    expect(operation.status.code).toBe(0);
  });

  it("marks every attempt of a read that timed out, the operation, but not the server span, with UPSTREAM_TIMEOUT", async () => {
    stack.sandbox.faults.push({ times: 2, action: { kind: "hang" } });
    const traceId = newTraceId();
    const answer = await send(`query Slow { customer(id: "${JOHN}") { id } }`, undefined, traceId);
    expect(answer.body.errors?.[0]?.extensions?.code).toBe("UPSTREAM_TIMEOUT");

    const { server, operation, clients } = byKind(await receiver.waitForTrace(traceId, complete(2)));
    expect(clients.map((client) => [client.attributes["error.type"], client.status.code])).toEqual([
      ["UPSTREAM_TIMEOUT", ERROR],
      ["UPSTREAM_TIMEOUT", ERROR],
    ]);
    expect(clients.every((client) => !("http.response.status_code" in client.attributes))).toBe(true);
    expect(operation).toMatchObject({ name: "query Slow", status: { code: ERROR } });
    expect(operation.attributes["error.type"]).toBe("UPSTREAM_TIMEOUT");
    expect(server.status.code).toBe(0);
    expect(server.attributes).not.toHaveProperty("error.type");
  });

  it("gives a refused create's attempt bePaid's status and BAD_USER_INPUT", async () => {
    const traceId = newTraceId();
    await send("mutation CreateCustomer($input: CreateCustomerInput!) { createCustomer(input: $input) { id } }", {
      input: { email: "x@example.com", ip: "10.0.0.1", country: "US", zip: "ABCDE", state: "CO" },
    }, traceId);

    const { operation, clients } = byKind(await receiver.waitForTrace(traceId, complete(1)));
    expect(operation).toMatchObject({ name: "mutation CreateCustomer", status: { code: ERROR } });
    expect(operation.attributes).toMatchObject({ "graphql.operation.type": "mutation", "error.type": "BAD_USER_INPUT" });
    expect(clients).toHaveLength(1);
    expect(clients[0]).toMatchObject({ name: "POST /customers", status: { code: ERROR } });
    expect(clients[0]!.attributes).toMatchObject({ "url.template": "/customers", "http.response.status_code": 422, "error.type": "BAD_USER_INPUT" });
  });

  it("records a 2xx whose body is not JSON as UPSTREAM_BAD_RESPONSE on the attempt that got it", async () => {
    stack.sandbox.faults.push({ action: { kind: "respond", status: 200, body: "<html>maintenance</html>" } });
    const traceId = newTraceId();
    await send(`{ customer(id: "${JOHN}") { id } }`, undefined, traceId);

    const { clients } = byKind(await receiver.waitForTrace(traceId, complete(1)));
    expect(clients).toHaveLength(1);
    expect(clients[0]!.attributes).toMatchObject({ "http.response.status_code": 200, "error.type": "UPSTREAM_BAD_RESPONSE" });
  });

  it("takes a customer bePaid does not know as an answer, not a failure", async () => {
    const traceId = newTraceId();
    const answer = await send('{ customer(id: "cst_0000000000000000") { id } }', undefined, traceId);
    expect(answer.body).toEqual({ data: { customer: null } });

    const { operation, clients } = byKind(await receiver.waitForTrace(traceId, complete(1)));
    expect(clients[0]!.attributes["http.response.status_code"]).toBe(404);
    expect(clients[0]!.attributes).not.toHaveProperty("error.type");
    expect(clients[0]!.status.code).toBe(0);
    expect(operation.status.code).toBe(0);
  });

  it("exports nothing of a trace the caller did not sample, yet passes the trace on to bePaid", async () => {
    const unsampled = newTraceId();
    await send(`{ customer(id: "${JOHN}") { id } }`, undefined, undefined, { traceparent: traceparent(unsampled, "00") });
    expect(stack.sandbox.calls[0]!.traceparent).toMatch(new RegExp(`^00-${unsampled}-[0-9a-f]{16}-00$`));
    expect(operationLine()?.traceId).toBe(unsampled);

    // Spans leave in the order they end: once a later trace arrived, the unsampled one would have too.
    const later = newTraceId();
    await send(`{ customer(id: "${JOHN}") { id } }`, undefined, later);
    await receiver.waitForTrace(later, complete(1));
    expect(receiver.spans.filter((span) => span.traceId === unsampled)).toEqual([]);
  });

  it("lets a browser app send its traceparent and tracestate cross-origin", async () => {
    const preflight = await fetch(stack.gatewayUrl, {
      method: "OPTIONS",
      headers: { origin: "https://studio.apollographql.com", "access-control-request-method": "POST", "access-control-request-headers": "traceparent, tracestate" },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-headers")?.split(/,\s*/)).toEqual(expect.arrayContaining(["traceparent", "tracestate"]));
  });

  it("puts no credential, personal data, variable, header value or id a caller typed in any span", async () => {
    const personal = {
      firstName: "Adalinda",
      lastName: "Privatova",
      email: "ada.private@example.com",
      phone: "+375295550123",
      address: "7 Secret Lane",
      city: "Hiddenville",
      country: "US",
      zip: "80202",
      state: "CO",
      ip: "10.9.8.7",
      externalId: "ext-private-42",
    };
    const traceIds = [newTraceId(), newTraceId(), newTraceId(), newTraceId()];
    const created = await send(
      "mutation SignUp($input: CreateCustomerInput!) { createCustomer(input: $input) { id email } }",
      { input: personal },
      traceIds[0],
      { "x-request-id": "caller-request-7f3a" },
    );
    const createdId = created.body.data.createCustomer.id as string;
    expect(createdId).toMatch(/^cst_/);
    await send("query Lookup($id: ID!) { customer(id: $id) { email } }", { id: createdId }, traceIds[1]);
    await send(`{ byLiteral: customer(id: "cst_typedliteral4242") { id } byEmail: customer(id: "${personal.email}") { id } }`, undefined, traceIds[2]);
    // A GET carries the document and its variables in the query string, which no span may hold.
    const url = new URL(stack.gatewayUrl);
    url.search = new URLSearchParams({ query: "query ByGet($id: ID!) { customer(id: $id) { id } }", variables: JSON.stringify({ id: "cst_viaquerystring77" }) }).toString();
    const byGet = await fetch(url, {
      headers: { authorization: `Bearer ${TOKEN}`, "apollo-require-preflight": "true", traceparent: traceparent(traceIds[3]!) },
    });
    expect(byGet.status).toBe(200);

    const traced = (
      await Promise.all([
        receiver.waitForTrace(traceIds[0]!, complete(1)),
        receiver.waitForTrace(traceIds[1]!, complete(1)),
        receiver.waitForTrace(traceIds[2]!, complete(2)),
        receiver.waitForTrace(traceIds[3]!, complete(1)),
      ])
    ).flat();
    const basic = Buffer.from(`${DEMO_SHOP.shopId}:${DEMO_SHOP.secretKey}`).toString("base64");
    const secrets = [
      ...Object.entries(personal)
        .filter(([field]) => !["country", "state"].includes(field))
        .map(([, value]) => value),
      encodeURIComponent(personal.email),
      createdId,
      "cst_typedliteral4242",
      "cst_viaquerystring77",
      TOKEN,
      DEMO_SHOP.secretKey,
      basic,
      "caller-request-7f3a",
      "collector key",
    ];
    // Every span, whole: name, attributes, events, links, status, resource, trace state.
    const exported = JSON.stringify(traced, (_key, value: unknown) => (typeof value === "bigint" ? String(value) : value));
    for (const secret of secrets) expect(exported, secret).not.toContain(secret);
    // Templates are there instead.
    expect(traced.filter((span) => span.kind === CLIENT).map((span) => span.attributes["url.template"]).sort()).toEqual([
      "/customers",
      "/customers/{id}",
      "/customers/{id}",
      "/customers/{id}",
      "/customers/{id}",
    ]);
    expect(traced.find((span) => span.traceId === traceIds[3] && span.kind === SERVER)!.attributes["url.path"]).toBe("/graphql");
  });
});

describe("traces off (no OTLP endpoint)", () => {
  const stack = useStack();

  it("sends bePaid no traceparent and logs no trace id", async () => {
    await stack.query(`{ customer(id: "${JOHN}") { id } }`, undefined, { traceparent: traceparent(newTraceId()) });
    expect(stack.sandbox.calls.map((call) => call.traceparent)).toEqual([null]);
    const line = stack.logs.map((text) => JSON.parse(text)).find((entry) => entry.msg === "operation");
    expect(line).toBeDefined();
    expect(line).not.toHaveProperty("traceId");
    expect(line).not.toHaveProperty("spanId");
  });
});
