import { describe, expect, it } from "vitest";
import { useStack } from "../helpers/stack.js";

const JOHN = "cst_5ca4fab9dfc7fcbf";
const MARK = "cst_9f65045c1f4c3676";

/** graphql-jit's documented differences from graphql-js, checked where a caller would see them. */
describe("compiled execution keeps graphql-js's behaviour", () => {
  const stack = useStack();

  it("refuses a missing required variable with graphql-js's message, as HTTP 400 BAD_USER_INPUT", async () => {
    const { status, body } = await stack.query("query ($id: ID!) { customer(id: $id) { id } }", {});
    expect(status).toBe(400);
    expect(body).toEqual({
      errors: [
        {
          message: 'Variable "$id" of required type "ID!" was not provided.',
          locations: [{ line: 1, column: 8 }],
          extensions: { code: "BAD_USER_INPUT" },
        },
      ],
    });
  });

  it("refuses a variable of the wrong type the same way", async () => {
    const { status, body } = await stack.query("mutation ($input: CreateCustomerInput!) { createCustomer(input: $input) { id } }", {
      input: { email: "a@b.co" },
    });
    expect(status).toBe(400);
    expect(body.errors?.[0]?.message).toBe(
      'Variable "$input" got invalid value { email: "a@b.co" }; Field "ip" of required type "String!" was not provided.',
    );
    expect(body.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
  });

  it("runs the operation named in a document of several, each compiled apart", async () => {
    const document = `query John { customer(id: "${JOHN}") { firstName } } query Mark { customer(id: "${MARK}") { firstName } }`;
    const post = (operationName: string) =>
      fetch(stack.gatewayUrl, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query: document, operationName }),
      }).then((response) => response.json());
    expect(await post("John")).toEqual({ data: { customer: { firstName: "John" } } });
    expect(await post("Mark")).toEqual({ data: { customer: { firstName: "Mark" } } });
    expect(await post("John")).toEqual({ data: { customer: { firstName: "John" } } });
  });

  it.each([
    [{ operationName: "Nope" }, 'Unknown operation named "Nope".'],
    [{}, "Must provide operation name if query contains multiple operations."],
  ])("refuses a request whose operation cannot be resolved (%o) as graphql-js does", async (extra, message) => {
    const response = await fetch(stack.gatewayUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: "query A { __typename } query B { __typename }", ...extra }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ errors: [{ message, extensions: { code: "OPERATION_RESOLUTION_FAILURE" } }] });
  });

  it("answers __typename, fragments and skipped fields as graphql-js does", async () => {
    const { body } = await stack.query(
      `query ($skip: Boolean!) { __typename customer(id: "${JOHN}") { __typename ...Names email @skip(if: $skip) } } fragment Names on Customer { firstName lastName }`,
      { skip: true },
    );
    expect(body).toEqual({
      data: { __typename: "Query", customer: { __typename: "Customer", firstName: "John", lastName: "Doe" } },
    });
  });

  it("bubbles a failed non-null list to null data, with the error at its path", async () => {
    stack.sandbox.faults.push({ action: { kind: "respond", status: 503 } , times: 3 });
    const { body } = await stack.query("{ customers { id } }");
    expect(body.data).toBeNull();
    expect(body.errors).toHaveLength(1);
    expect(body.errors?.[0]).toMatchObject({ path: ["customers"], locations: [{ line: 1, column: 3 }], extensions: { code: "UPSTREAM_UNAVAILABLE" } });
    // The first attempt and two retries, once: the answer is Apollo's, the reads are not made again.
    expect(stack.upstreamCalls("GET", "/customers")).toBe(3);
  });

  it("answers a query with a failed read from Apollo's own execution, making each bePaid read once", async () => {
    stack.sandbox.faults.push({ match: { path: `/customers/${MARK}` }, action: { kind: "respond", status: 500 }, times: 3 });
    const { body } = await stack.query(`{ customers { id } john: customer(id: "${JOHN}") { firstName } mark: customer(id: "${MARK}") { firstName } }`);
    expect(body.data).toEqual({ customers: [{ id: JOHN }, { id: MARK }], john: { firstName: "John" }, mark: null });
    expect(body.errors).toEqual([expect.objectContaining({ path: ["mark"], extensions: expect.objectContaining({ code: "UPSTREAM_UNAVAILABLE", upstreamStatus: 500 }) })]);
    expect([stack.upstreamCalls("GET", "/customers"), stack.upstreamCalls("GET", `/customers/${JOHN}`), stack.upstreamCalls("GET", `/customers/${MARK}`)]).toEqual([1, 1, 3]);
  });

  it("reads the list once per operation, however many fields ask for it", async () => {
    const { body } = await stack.query("{ ids: customers { id } emails: customers { email } }");
    expect(body.data?.ids).toEqual([{ id: JOHN }, { id: MARK }]);
    expect(body.data?.emails).toHaveLength(2);
    expect(stack.upstreamCalls("GET", "/customers")).toBe(1);
  });

  it("refuses a subscription as a validation error, since the schema has none, as graphql-js does", async () => {
    const { status, body } = await stack.query("subscription { __typename }");
    expect(status).toBe(400);
    expect(body).toEqual({
      errors: [
        {
          message: "Schema is not configured to execute subscription operation.",
          locations: [{ line: 1, column: 1 }],
          extensions: { code: "GRAPHQL_VALIDATION_FAILED" },
        },
      ],
    });
  });
});
