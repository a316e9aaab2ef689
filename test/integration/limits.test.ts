import { describe, expect, it } from "vitest";
import { useStack } from "../helpers/stack.js";

const JOHN = "cst_5ca4fab9dfc7fcbf";

/** Operations refused before they run: HTTP 400, a code and a message naming the limit, no bePaid call. */
describe("operation limits", () => {
  const stack = useStack({ env: { GATEWAY_MAX_LOOKUPS: "5" } });

  const expectRefused = async (source: string, message: RegExp, variables?: object) => {
    const { status, body } = await stack.query(source, variables);
    expect(status).toBe(400);
    expect(body.data).toBeUndefined();
    expect(body.errors?.[0]?.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
    expect(body.errors?.map((error) => error.message).join(" ")).toMatch(message);
    expect(stack.upstreamCalls()).toBe(0);
  };

  it("serves ten aliases of one field, as a dashboard would ask", async () => {
    const aliases = Array.from({ length: 10 }, (_, index) => `c${index}: customer(id: "${JOHN}") { id }`).join(" ");
    const { status, body } = await stack.query(`{ ${aliases} }`);
    expect(status).toBe(200);
    expect(Object.keys(body.data ?? {})).toHaveLength(10);
  });

  it("refuses an alias flood", async () => {
    const aliases = Array.from({ length: 200 }, (_, index) => `a${index}: email`).join(" ");
    await expectRefused(`{ customers { ${aliases} } }`, /Aliases limit of 15 exceeded, found 200/);
  });

  it("refuses a document over the token limit", async () => {
    const { status, body } = await stack.query(`{ customers { ${"id ".repeat(1_200)} } }`);
    expect(status).toBe(400);
    expect(body.errors?.[0]).toMatchObject({
      message: expect.stringMatching(/^Syntax Error: Document contains more tha[nt] 1000 tokens\. Parsing aborted\.$/),
      extensions: { code: "GRAPHQL_PARSE_FAILED" },
    });
    expect(stack.upstreamCalls()).toBe(0);
  });

  it("refuses a directive flood", async () => {
    await expectRefused(`{ customers ${"@include(if: true) ".repeat(30)} { id } }`, /Directives limit of 10 exceeded/);
  });

  it("refuses more distinct bePaid lookups than allowed, through fragments too", async () => {
    const field = (index: number) => `c${index}: customer(id: "cst_${String(index).padStart(16, "0")}") { id }`;
    const first = Array.from({ length: 3 }, (_, index) => field(index)).join(" ");
    const second = Array.from({ length: 3 }, (_, index) => field(index + 3)).join(" ");
    await expectRefused(
      `{ ...A ...B } fragment A on Query { ${first} } fragment B on Query { ${second} }`,
      /^The operation would make more than 5 bePaid calls; split it into smaller operations\.$/,
    );
  });

  it("counts an id asked for many times as one lookup, as the loader reads it once", async () => {
    const fields = (name: string) =>
      `fragment ${name} on Query { ${Array.from({ length: 6 }, (_, index) => `${name}${index}: customer(id: $id) { id }`).join(" ")} }`;
    const { status } = await stack.query(`query ($id: ID!) { ...F ...G } ${fields("F")} ${fields("G")}`, { id: JOHN });
    expect(status).toBe(200);
    expect(stack.upstreamCalls()).toBe(1);
  });

  it("counts every customers and customersConnection of an operation as one list read, as the operation reads the list once", async () => {
    const lists = Array.from({ length: 4 }, (_, index) => `p${index}: customersConnection(first: ${index + 1}) { totalCount } l${index}: customers { id }`);
    const { status, body } = await stack.query(`{ ${lists.join(" ")} }`);
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(stack.upstreamCalls("GET", "/customers")).toBe(1);
    stack.sandbox.reset();
    const ids = Array.from({ length: 5 }, (_, index) => `c${index}: customer(id: "cst_${index}") { id }`);
    await expectRefused(`{ ${ids.join(" ")} customersConnection { totalCount } }`, /more than 5 bePaid calls/);
  });

  it("does not count fields a false @include leaves out", async () => {
    const fields = Array.from({ length: 8 }, (_, index) => `c${index}: customer(id: "cst_${index}") @include(if: $all) { id }`);
    const { status } = await stack.query(`query ($all: Boolean!) { ${fields.join(" ")} }`, { all: false });
    expect(status).toBe(200);
    expect(stack.upstreamCalls()).toBe(0);
  });

  it("judges the same document afresh when its variables decide the count", async () => {
    const fields = Array.from({ length: 8 }, (_, index) => `c${index}: customer(id: "cst_${index}") @include(if: $all) { id }`);
    const source = `query ($all: Boolean!) { ${fields.join(" ")} }`;
    expect((await stack.query(source, { all: false })).status).toBe(200);
    expect((await stack.query(source, { all: true })).status).toBe(400);
    expect((await stack.query(source, { all: false })).status).toBe(200);
  });

  it("refuses batched operations", async () => {
    const response = await fetch(stack.gatewayUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify([{ query: "{ customers { id } }" }, { query: "{ customers { id } }" }]),
    });
    expect(response.status).toBe(400);
    expect(JSON.stringify(await response.json())).toContain("batch");
    expect(stack.upstreamCalls()).toBe(0);
  });
});

/** Our schema is only two levels deep, so depth is tested against a limit of one. */
describe("the depth limit", () => {
  const stack = useStack({ env: { GATEWAY_MAX_DEPTH: "1" } });

  it.each([
    ["written out", "{ customers { id } }"],
    ["through fragments", "query { ...A } fragment A on Query { customers { ...B } } fragment B on Customer { id }"],
  ])("refuses a selection deeper than allowed, %s", async (_, source) => {
    const { status, body } = await stack.query(source);
    expect(status).toBe(400);
    expect(body.errors?.[0]?.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
    expect(body.errors?.[0]?.message).toMatch(/Query depth limit of 1 exceeded/);
    expect(stack.upstreamCalls()).toBe(0);
  });

  it("leaves introspection to Sandbox, however deep", async () => {
    const { status, body } = await stack.query("{ __schema { types { fields { type { ofType { name } } } } } }");
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
  });
});
