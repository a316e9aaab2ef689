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
