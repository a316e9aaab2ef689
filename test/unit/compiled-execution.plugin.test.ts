import { ApolloServer } from "@apollo/server";
import { buildSchema, GraphQLError, type GraphQLFieldResolver, type GraphQLObjectType } from "graphql";
import { describe, expect, it } from "vitest";
import { compiledExecutionPlugin } from "../../src/apollo/compiled-execution.plugin.js";

const typeDefs = `
  type Query { item(id: ID!): Item, items: [Item!]!, failing: String, hello: String }
  type Item { id: ID!, name: String }
  type Mutation { touch: String, refuse: String }
`;

/** A server on the test schema, counting how often each resolver ran. */
async function serverWith(compiled: boolean) {
  const runs: string[] = [];
  const schema = buildSchema(typeDefs);
  const resolve = (type: GraphQLObjectType | null | undefined, resolvers: Record<string, GraphQLFieldResolver<unknown, unknown>>) => {
    for (const [field, resolver] of Object.entries(resolvers)) type!.getFields()[field]!.resolve = resolver;
  };
  resolve(schema.getQueryType(), {
    item: (_, { id }) => (runs.push(`item ${id}`), { id, name: `item ${id}` }),
    items: () => (runs.push("items"), [{ id: "1", name: "one" }, { id: "2", name: null }]),
    failing: () => {
      runs.push("failing");
      throw new GraphQLError("it failed", { extensions: { code: "UPSTREAM_UNAVAILABLE" } });
    },
    hello: () => (runs.push("hello"), "hi"),
  });
  resolve(schema.getMutationType(), {
    touch: () => (runs.push("touch"), "touched"),
    refuse: () => {
      runs.push("refuse");
      throw new GraphQLError("refused", { extensions: { code: "BAD_USER_INPUT" } });
    },
  });
  const server = new ApolloServer({ schema, plugins: compiled ? [compiledExecutionPlugin(schema)] : [] });
  await server.start();
  const send = async (query: string, variables?: Record<string, unknown>, operationName?: string) => {
    const { http, body } = await server.executeOperation({ query, variables, operationName });
    return { status: http.status, result: body.kind === "single" ? body.singleResult : body };
  };
  return { send, runs, stop: () => server.stop() };
}

describe("compiled execution", () => {
  const documents: Array<[string, string, Record<string, unknown>?, string?]> = [
    ["a query that succeeds", "{ hello items { id name } a: item(id: 1) { name } b: item(id: 2) { id } }"],
    ["a query with variables", "query ($id: ID!) { item(id: $id) { id name } }", { id: "7" }],
    ["variables that do not coerce", "query ($id: ID!) { item(id: $id) { id } }", { id: { not: "an id" } }],
    ["a missing variable", "query ($id: ID!) { item(id: $id) { id } }", {}],
    ["a failing field beside others", "{ hello failing item(id: 3) { id } }"],
    ["a mutation", "mutation { touch }"],
    ["a mutation that fails", "mutation { refuse }"],
    ["introspection", "{ __schema { queryType { name } } }"],
    ["an operation named among several", "query A { hello } query B { items { id } }", undefined, "B"],
    ["an unknown operation name", "query A { hello } query B { hello }", undefined, "C"],
  ];

  it.each(documents)("answers %s exactly as Apollo's own execution does", async (_, query, variables, operationName) => {
    const [plain, compiled] = [await serverWith(false), await serverWith(true)];
    try {
      expect(await compiled.send(query, variables, operationName)).toEqual(await plain.send(query, variables, operationName));
    } finally {
      await Promise.all([plain.stop(), compiled.stop()]);
    }
  });

  it("runs a query that succeeds once, compiled, and the same document again from its compiled form", async () => {
    const server = await serverWith(true);
    const query = "{ hello items { id } }";
    expect((await server.send(query)).result).toEqual({ data: { hello: "hi", items: [{ id: "1" }, { id: "2" }] } });
    expect((await server.send(query)).result).toEqual({ data: { hello: "hi", items: [{ id: "1" }, { id: "2" }] } });
    expect(server.runs).toEqual(["hello", "items", "hello", "items"]);
    await server.stop();
  });

  it("leaves a query whose compiled run failed to Apollo's own execution, which runs it again", async () => {
    const server = await serverWith(true);
    const { result } = await server.send("{ hello failing }");
    expect(result).toMatchObject({ data: { hello: "hi", failing: null }, errors: [{ message: "it failed", path: ["failing"] }] });
    expect(server.runs).toEqual(["hello", "failing", "hello", "failing"]);
    await server.stop();
  });

  it("never runs a mutation itself, so one that fails is still run exactly once", async () => {
    const server = await serverWith(true);
    expect((await server.send("mutation { touch }")).result).toEqual({ data: { touch: "touched" } });
    expect((await server.send("mutation { refuse }")).result).toMatchObject({ data: { refuse: null }, errors: [{ message: "refused" }] });
    expect(server.runs).toEqual(["touch", "refuse"]);
    await server.stop();
  });
});
