import { type AuditResult, serverAudits } from "graphql-http";
import { describe, expect, it } from "vitest";
import { useStack } from "../helpers/stack.js";

/** The optional GET audits Apollo's CSRF prevention refuses when the request names no preflight header. */
const GET_AUDITS = ["5A70", "D6D5", "6A70"];

describe("GraphQL over HTTP (graphql-http's server audit)", () => {
  const stack = useStack();

  // A plain fetch, as the audit's own client: no header beyond what each audit sends itself.
  // Every MUST passes this way, with CSRF prevention on, so no preflight header is added.
  const audits = serverAudits({ url: () => stack.gatewayUrl });
  const named = (prefix: string) => audits.filter((audit) => audit.name.startsWith(`${prefix} `));
  const reasonOf = (result: AuditResult) => (result.status === "ok" ? "ok" : `${result.status}: ${result.reason}`);

  it.each(named("MUST"))("$name", async (audit) => {
    expect(reasonOf(await audit.fn())).toBe("ok");
  });

  it.each(named("SHOULD"))("$name", async (audit) => {
    expect(reasonOf(await audit.fn())).toBe("ok");
  });

  it("refuses GET queries that name no preflight header, as CSRF prevention does", async () => {
    const results = await Promise.all(audits.filter((audit) => GET_AUDITS.includes(audit.id)).map((audit) => audit.fn()));
    for (const result of results) {
      expect(result.status).toBe("notice");
      if (result.status === "ok") continue;
      expect(result.response.status).toBe(400);
      expect(await result.response.json()).toMatchObject({ errors: [{ extensions: { code: "BAD_REQUEST" } }] });
    }
  });

  it("serves the same GET queries to a client that sends apollo-require-preflight", async () => {
    // What Apollo Client and Sandbox do for GETs; a browser cannot send it cross-site without CORS.
    const withPreflight = serverAudits({
      url: () => stack.gatewayUrl,
      fetchFn: (input: string | URL | Request, init: RequestInit = {}) =>
        fetch(input, { ...init, headers: { ...(init.headers as Record<string, string>), "apollo-require-preflight": "true" } }),
    });
    const results = await Promise.all(withPreflight.filter((audit) => GET_AUDITS.includes(audit.id)).map((audit) => audit.fn()));
    expect(results.map(reasonOf)).toEqual(GET_AUDITS.map(() => "ok"));
  });

  describe("request errors: 200 to a caller accepting only application/json, 400 otherwise", () => {
    const requestErrors = [
      ["an unparsable document", { query: "{ customers {" }, "GRAPHQL_PARSE_FAILED"],
      ["a document that fails validation", { query: "{ customers { emial } }" }, "GRAPHQL_VALIDATION_FAILED"],
      ["a subscription, which the schema has none of", { query: "subscription { __typename }" }, "GRAPHQL_VALIDATION_FAILED"],
      ["variables that do not coerce", { query: "query ($id: ID!) { customer(id: $id) { id } }", variables: { id: null } }, "BAD_USER_INPUT"],
      ["an unknown operation name", { query: "query A { __typename }", operationName: "B" }, "OPERATION_RESOLUTION_FAILURE"],
      ["an unknown persisted document", { documentId: "0".repeat(64) }, "PERSISTED_QUERY_NOT_FOUND"],
    ] as const;
    const post = (body: object, accept?: string) =>
      fetch(stack.gatewayUrl, {
        method: "POST",
        headers: { "content-type": "application/json", ...(accept && { accept }) },
        body: JSON.stringify(body),
      });

    it.each(requestErrors)("answers %s with 200 and the errors for application/json", async (_, body, code) => {
      const response = await post(body, "application/json");
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toContain("application/json");
      const answer = (await response.json()) as { errors: Array<{ extensions: { code: string } }> };
      expect(answer.errors[0]!.extensions.code).toBe(code);
      expect(answer).not.toHaveProperty("data");
      expect(stack.upstreamCalls()).toBe(0);
    });

    it.each(requestErrors)("answers %s with 400 for application/graphql-response+json, or when no Accept is sent", async (_, body, code) => {
      for (const accept of ["application/graphql-response+json", "application/graphql-response+json, application/json;q=0.9", undefined]) {
        const response = await post(body, accept);
        expect(response.status).toBe(400);
        expect(((await response.json()) as { errors: Array<{ extensions: { code: string } }> }).errors[0]!.extensions.code).toBe(code);
      }
    });

    it("keeps 400 for what is not a GraphQL request at all, whatever the caller accepts", async () => {
      const missingQuery = await post({ variables: {} }, "application/json");
      expect(missingQuery.status).toBe(400);
      const csrf = await fetch(stack.gatewayUrl, { method: "POST", headers: { "content-type": "text/plain", accept: "application/json" }, body: "{}" });
      expect(csrf.status).toBe(400);
    });

    it("answers a field error 200 with data either way", async () => {
      stack.sandbox.faults.push({ action: { kind: "respond", status: 503 }, times: 6 });
      for (const accept of ["application/json", "application/graphql-response+json"]) {
        const response = await post({ query: '{ customer(id: "cst_5ca4fab9dfc7fcbf") { id } }' }, accept);
        expect(response.status).toBe(200);
        expect(await response.json()).toMatchObject({ data: { customer: null }, errors: [{ path: ["customer"] }] });
      }
    });
  });
});
