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
});
