import { request as httpRequest } from "node:http";
import { describe, expect, it, vi } from "vitest";
import { useStack } from "../helpers/stack.js";

const INTROSPECTION = "{ __schema { queryType { name } } }";

/** Production refuses static tokens under 32 characters. */
const PRODUCTION_TOKEN = "prod-token-0123456789abcdef012345";

describe("HTTP outside production", () => {
  const stack = useStack();

  it.each(["/healthz", "/readyz"])("answers 200 on %s", async (path) => {
    const response = await fetch(new URL(path, stack.gatewayUrl));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok" });
  });

  it("shows Apollo Sandbox to a browser", async () => {
    const response = await fetch(stack.gatewayUrl, { headers: { accept: "text/html" } });
    expect(response.status).toBe(200);
    const page = await response.text();
    expect(page).toContain("embeddable-sandbox");
    // For when Apollo's CDN is out of reach: the gateway's own IDE.
    expect(page).toContain('<a href="/graphiql">');
  });

  it("serves GraphiQL from its own files, allowing nothing from elsewhere", async () => {
    const page = await fetch(new URL("/graphiql", stack.gatewayUrl));
    expect(page.status).toBe(200);
    expect(page.headers.get("content-security-policy")).toContain("default-src 'self'");
    const html = await page.text();
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]!);
    expect(assets).toEqual(["/graphiql/graphiql.css", "/graphiql/react.js", "/graphiql/react-dom.js", "/graphiql/graphiql.js", "/graphiql/start.js"]);
    for (const asset of assets) {
      const response = await fetch(new URL(asset, stack.gatewayUrl));
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toMatch(asset.endsWith(".css") ? /^text\/css/ : /^text\/javascript/);
    }
    expect((await fetch(new URL("/graphiql/nothing.js", stack.gatewayUrl))).status).toBe(404);
  });

  it("shows Apollo Sandbox to a browser that sends a query in the URL, running nothing", async () => {
    const url = new URL(stack.gatewayUrl);
    url.searchParams.set("query", "{ customers { id } }");
    const response = await fetch(url, { headers: { accept: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8" } });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("embeddable-sandbox");
    expect(stack.upstreamCalls()).toBe(0);
  });

  it.each(["text/html", "application/xml", "text/plain;q=1, application/json;q=0"])(
    "refuses a create from a caller that accepts only %s with 406, before anything runs",
    async (accept) => {
      const response = await fetch(stack.gatewayUrl, {
        method: "POST",
        headers: { "content-type": "application/json", accept },
        body: JSON.stringify({ query: 'mutation { createCustomer(input: { email: "ada@example.com", ip: "10.0.0.1" }) { id } }' }),
      });
      expect(response.status).toBe(406);
      expect(response.headers.get("content-type")).toContain("application/json");
      expect(await response.json()).toEqual({
        errors: [
          {
            message: "The Accept header allows no answer the gateway gives: accept application/graphql-response+json or application/json.",
            extensions: { code: "NOT_ACCEPTABLE" },
          },
        ],
      });
      expect(stack.upstreamCalls("POST")).toBe(0);
    },
  );

  it("answers introspection, for Sandbox and code generators", async () => {
    const { body } = await stack.query(INTROSPECTION);
    expect(body.data).toEqual({ __schema: { queryType: { name: "Query" } } });
  });

  it("refuses a CSRF-able simple request before running it", async () => {
    const response = await fetch(stack.gatewayUrl, {
      method: "POST",
      headers: { "content-type": "text/plain" },
      body: JSON.stringify({ query: "{ customers { id } }" }),
    });
    expect(response.status).toBe(400);
    expect(stack.upstreamCalls()).toBe(0);
  });

  it("refuses a mutation sent over GET", async () => {
    const url = new URL(stack.gatewayUrl);
    url.searchParams.set("query", 'mutation { createCustomer(input: {email: "a@b.co", ip: "1.1.1.1"}) { id } }');
    const response = await fetch(url, { headers: { "apollo-require-preflight": "true" } });
    expect(response.status).toBe(405);
    expect(stack.upstreamCalls()).toBe(0);
  });

  it("answers 400 to a body that is not JSON", async () => {
    const response = await fetch(stack.gatewayUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: '{"query": "{ customers',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      errors: [{ message: "The request body is not valid JSON.", extensions: { code: "BAD_REQUEST" } }],
    });
  });

  it("answers 413 to a body over 1 MB", async () => {
    const response = await fetch(stack.gatewayUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: `{ customers { id } } # ${"x".repeat(1024 * 1024)}` }),
    });
    expect(response.status).toBe(413);
    expect(stack.upstreamCalls()).toBe(0);
  });

  it("answers 413 to a chunked body over 1 MB, as to one that declares its length", async () => {
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const sent = httpRequest(stack.gatewayUrl, { method: "POST", headers: { "content-type": "application/json" } }, (response) => {
        let body = "";
        response.setEncoding("utf8").on("data", (chunk: string) => (body += chunk));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, body }));
      });
      sent.on("error", reject);
      // No Content-Length: Node sends it chunked, 64 KiB at a time, 1.5 MB in all.
      sent.write('{"query":"{ customers { id } } #');
      for (let chunk = 0; chunk < 24; chunk += 1) sent.write("x".repeat(64 * 1024));
      sent.end('"}');
    });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body)).toEqual({ errors: [{ message: "The request body is larger than 1 MB.", extensions: { code: "PAYLOAD_TOO_LARGE" } }] });
    expect(stack.upstreamCalls()).toBe(0);
    await vi.waitFor(() => expect(stack.logs.map((line) => JSON.parse(line))).toContainEqual(expect.objectContaining({ status: 413, outcome: "PAYLOAD_TOO_LARGE" })));
  });

  it("answers 404 outside /graphql and the health routes", async () => {
    const response = await fetch(new URL("/customers", stack.gatewayUrl));
    expect(response.status).toBe(404);
  });

  it("lets embedded Apollo Sandbox call from its origin, preflight included", async () => {
    const origin = "https://sandbox.embed.apollographql.com";
    const preflight = await fetch(stack.gatewayUrl, {
      method: "OPTIONS",
      headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": "content-type" },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe(origin);
    expect(preflight.headers.get("access-control-allow-headers")).toContain("authorization");
    const { headers } = await stack.query("{ __typename }", undefined, { origin });
    expect(headers.get("access-control-allow-origin")).toBe(origin);
  });

  it("gives an origin off the allow-list no CORS headers", async () => {
    const { headers } = await stack.query("{ __typename }", undefined, { origin: "https://evil.example" });
    expect(headers.get("access-control-allow-origin")).toBeNull();
  });

  it("names a misspelt field in its validation error, with suggestions", async () => {
    const { status, body } = await stack.query("{ customers { emial } }");
    expect(status).toBe(400);
    expect(body.errors?.[0]).toMatchObject({ extensions: { code: "GRAPHQL_VALIDATION_FAILED" } });
    expect(body.errors?.[0]?.message).toContain('Did you mean "email"?');
  });
});

describe("HTTP in production", () => {
  const stack = useStack({
      env: { NODE_ENV: "production", GATEWAY_TOKENS: PRODUCTION_TOKEN, GATEWAY_CORS_ORIGINS: "https://app.example.com" },
    });
  const auth = { authorization: `Bearer ${PRODUCTION_TOKEN}` };

  it("refuses introspection, naming the gateway's own rule and where the schema is instead", async () => {
    for (const source of [INTROSPECTION, '{ __type(name: "Customer") { name } }']) {
      const { status, body } = await stack.query(source, undefined, auth);
      expect(status).toBe(400);
      expect(body.errors).toEqual([
        {
          message:
            "Introspection is off in production (NODE_ENV=production). Generate code from the gateway's schema.graphql file instead, or introspect a development gateway (npm start).",
          locations: [expect.any(Object)],
          extensions: { code: "GRAPHQL_VALIDATION_FAILED", validationErrorCode: "INTROSPECTION_DISABLED" },
        },
      ]);
      expect(JSON.stringify(body)).not.toContain("ApolloServer");
    }
  });

  it("still answers __typename, which is no introspection of the schema", async () => {
    const { body } = await stack.query("{ __typename }", undefined, auth);
    expect(body).toEqual({ data: { __typename: "Query" } });
  });

  it("shows no Sandbox page", async () => {
    const response = await fetch(stack.gatewayUrl, { headers: { accept: "text/html", ...auth } });
    // No page here: a caller that accepts only HTML accepts nothing the gateway answers.
    expect(response.status).toBe(406);
    expect(response.headers.get("content-type")).toContain("application/json");
    expect(await response.text()).not.toContain("embeddable-sandbox");
  });

  it("serves no GraphiQL", async () => {
    expect((await fetch(new URL("/graphiql", stack.gatewayUrl))).status).toBe(404);
  });

  it("answers a browser's GET with no query as a malformed GraphQL request, with no page", async () => {
    const response = await fetch(stack.gatewayUrl, { headers: { accept: "text/html,application/xhtml+xml,*/*;q=0.8", ...auth } });
    expect(response.status).toBe(400);
    expect(await response.text()).not.toContain("embeddable-sandbox");
  });

  it("gives no field suggestions that would reveal the schema", async () => {
    const { body } = await stack.query("{ customers { emial } }", undefined, auth);
    expect(body.errors?.[0]?.message).not.toContain("Did you mean");
  });

  it("allows only the configured origins, not Apollo's", async () => {
    const allowed = await stack.query("{ __typename }", undefined, { ...auth, origin: "https://app.example.com" });
    expect(allowed.headers.get("access-control-allow-origin")).toBe("https://app.example.com");
    const sandbox = await stack.query("{ __typename }", undefined, { ...auth, origin: "https://studio.apollographql.com" });
    expect(sandbox.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("still serves authenticated callers", async () => {
    const { body } = await stack.query("{ customers { id } }", undefined, auth);
    expect(body.errors).toBeUndefined();
  });

  it("serves no /metrics on the public listener, and says once at start-up that METRICS_PORT is unset", async () => {
    for (const headers of [{}, auth]) expect((await fetch(new URL("/metrics", stack.gatewayUrl), { headers })).status).toBe(404);
    expect(stack.metricsUrl).toBeUndefined();
    const lines = stack.logs.map((line) => JSON.parse(line) as { level: number; msg: string }).filter((line) => line.msg.includes("METRICS_PORT"));
    expect(lines).toEqual([expect.objectContaining({ level: 40, msg: "/metrics is not served: in production it is served only on METRICS_PORT, which is unset" })]);
  });
});

describe("HTTP in production with METRICS_PORT", () => {
  const stack = useStack({ env: { NODE_ENV: "production", GATEWAY_TOKENS: PRODUCTION_TOKEN, METRICS_PORT: "0" } });

  it("serves /metrics on METRICS_PORT only, logging nothing about it", async () => {
    expect((await fetch(new URL("/metrics", stack.gatewayUrl))).status).toBe(404);
    const metrics = await fetch(stack.metricsUrl!);
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toContain("gateway_operations_total");
    expect(stack.logs.join("")).not.toContain("METRICS_PORT");
  });
});
