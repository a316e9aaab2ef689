import type { GatewayGraphQLRequestContext } from "@apollo/server-gateway-interface";
import { buildSchema, GraphQLError, parse } from "graphql";
import { describe, expect, it } from "vitest";
import { ApolloJitExecutor } from "../../src/execution/jit-executor.js";

const schema = buildSchema("type Query { a: String }");

/** Runs one document through the executor as Apollo would, after validation. */
async function execute(source: string, variables?: Record<string, unknown>) {
  const { executor } = await ApolloJitExecutor(schema).load({ apollo: { graphRef: "test" } } as never);
  const request = { query: source, variables, operationName: undefined };
  return executor!({ document: parse(source), queryHash: source, context: {}, request } as unknown as GatewayGraphQLRequestContext);
}

describe("the compiled executor hands Apollo only errors it can format", () => {
  it("turns graphql-jit's refusal to compile into GraphQL errors with extensions", async () => {
    const { errors } = await execute("subscription { __typename }");
    expect(errors).toHaveLength(1);
    expect(errors![0]).toBeInstanceOf(GraphQLError);
    expect(errors![0]!.extensions).toEqual({});
  });

  it("turns anything thrown while running into a GraphQL error that keeps the cause", async () => {
    const cause = new TypeError("variables exploded");
    const variables = new Proxy({}, { get: () => { throw cause; }, has: () => { throw cause; } });
    const { errors } = await execute("query ($x: String) { a }", variables);
    expect(errors).toHaveLength(1);
    expect(errors![0]).toBeInstanceOf(GraphQLError);
    expect(errors![0]!.originalError).toBe(cause);
  });
});
