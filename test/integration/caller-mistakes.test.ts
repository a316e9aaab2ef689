import { describe, expect, it } from "vitest";
import { type Stack, useStack } from "../helpers/stack.js";

const JOHN = "cst_5ca4fab9dfc7fcbf";
const ENTITIES = "query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Customer { id } } }";

/** The log lines written since `from`, parsed. */
const linesSince = (stack: Stack, from: number) => stack.logs.slice(from).map((line) => JSON.parse(line) as { level: number; msg: string; outcome?: string });

/** A caller's mistake is logged as its operation's line at info, with its code: no error line, no stack trace. */
function expectLoggedAsCallerMistake(stack: Stack, from: number, code: string) {
  const lines = linesSince(stack, from);
  expect(lines.filter((line) => line.level >= 50)).toEqual([]);
  expect(lines).toEqual([expect.objectContaining({ level: 30, msg: "operation", outcome: code })]);
  expect(stack.logs.slice(from).join("")).not.toContain("stack");
}

/** Sends a raw JSON body to the gateway. */
async function post(stack: Stack, body: unknown) {
  const response = await fetch(stack.gatewayUrl, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as { errors?: Array<{ message: string; extensions?: { code?: string } }> } };
}

describe("a caller's mistakes are request or field errors, never INTERNAL_SERVER_ERROR", () => {
  const stack = useStack();

  it("answers an automatic persisted query whose hash does not match its text with 400 BAD_REQUEST, logged at info", async () => {
    const from = stack.logs.length;
    const { status, body } = await post(stack, {
      query: "{ __typename }",
      extensions: { persistedQuery: { version: 1, sha256Hash: "0".repeat(64) } },
    });
    expect(status).toBe(400);
    expect(body).toEqual({ errors: [{ message: "provided sha does not match query", extensions: { code: "BAD_REQUEST" } }] });
    expectLoggedAsCallerMistake(stack, from, "BAD_REQUEST");
  });

  it("answers an automatic persisted query of an unsupported version with 400 BAD_REQUEST", async () => {
    const from = stack.logs.length;
    const { status, body } = await post(stack, { query: "{ __typename }", extensions: { persistedQuery: { version: 2, sha256Hash: "0".repeat(64) } } });
    expect(status).toBe(400);
    expect(body.errors?.[0]?.extensions?.code).toBe("BAD_REQUEST");
    expectLoggedAsCallerMistake(stack, from, "BAD_REQUEST");
  });
});

describe("_entities representations this subgraph cannot resolve", () => {
  const stack = useStack({ env: { GATEWAY_FEDERATION: "true", BEPAID_TIMEOUT_MS: "10000" } });

  it("answers a representation of an unknown __typename with BAD_USER_INPUT at its index, the others resolved, logged at info", async () => {
    const from = stack.logs.length;
    const representations = [{ __typename: "Customer", id: JOHN }, { __typename: "Order", id: "ord_1" }, { __typename: "Customer", id: JOHN }];
    const { status, body } = await stack.query(ENTITIES, { representations });
    expect(status).toBe(200);
    expect(body.data).toEqual({ _entities: [{ id: JOHN }, null, { id: JOHN }] });
    expect(body.errors).toEqual([
      {
        message: "Representation 1 names no entity type of this subgraph: its __typename should be Customer.",
        locations: [{ line: 1, column: 37 }],
        path: ["_entities", 1],
        extensions: {
          code: "BAD_USER_INPUT",
          fieldErrors: [{ field: "__typename", path: ["representations", "1", "__typename"], messages: ["should be Customer"] }],
        },
      },
    ]);
    expect(stack.upstreamCalls("GET")).toBe(1);
    expectLoggedAsCallerMistake(stack, from, "BAD_USER_INPUT");
  });

  it.each([
    ["a string", "Customer"],
    ["a number", 42],
    ["an object without __typename", { id: JOHN }],
    ["an object whose __typename is no string", { __typename: ["Customer"], id: JOHN }],
    ["a type of the schema that is no entity", { __typename: "Query", id: JOHN }],
  ])("answers a representation that is %s with BAD_USER_INPUT, calling no bePaid", async (_, representation) => {
    const { status, body } = await stack.query(ENTITIES, { representations: [representation] });
    expect(status).toBe(200);
    expect(body.data).toEqual({ _entities: [null] });
    expect(body.errors?.map((error) => [error.path, error.extensions?.code])).toEqual([[["_entities", 0], "BAD_USER_INPUT"]]);
    expect(stack.upstreamCalls()).toBe(0);
  });
});
