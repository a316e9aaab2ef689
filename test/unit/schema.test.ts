import { readFile } from "node:fs/promises";
import { type GraphQLNamedType, isInputObjectType, isObjectType, printSchema } from "graphql";
import { describe, expect, it } from "vitest";
import { buildGatewaySchema } from "../../src/schema.js";

const root = new URL("../../", import.meta.url);

describe("the schema", () => {
  it("matches the committed schema.graphql (run `npm run schema` after changing it)", async () => {
    const committed = await readFile(new URL("schema.graphql", root), "utf8");
    expect(committed).toBe(`${printSchema(await buildGatewaySchema())}\n`);
  });

  it("describes every type, field and argument, for Sandbox and generated code", async () => {
    const schema = await buildGatewaySchema();
    const undocumented: string[] = [];
    const own = Object.values(schema.getTypeMap()).filter((type: GraphQLNamedType) => !type.name.startsWith("__"));
    for (const type of own) {
      if (!isObjectType(type) && !isInputObjectType(type)) continue;
      if (!["Query", "Mutation"].includes(type.name) && !type.description) undocumented.push(type.name);
      for (const field of Object.values(type.getFields())) {
        if (!field.description) undocumented.push(`${type.name}.${field.name}`);
        for (const arg of "args" in field ? field.args : []) {
          if (!arg.description) undocumented.push(`${type.name}.${field.name}(${arg.name})`);
        }
      }
    }
    expect(undocumented).toEqual([]);
  });

  it("has the contract's shape", async () => {
    const sdl = printSchema(await buildGatewaySchema()).replace(/"""[^]*?"""\s*/g, "").replace(/\s+/g, " ");
    expect(sdl).toContain("customer( id: ID! ): Customer");
    expect(sdl).toContain("customers: [Customer!]!");
    expect(sdl).toContain("createCustomer( input: CreateCustomerInput! ): Customer");
    expect(sdl).toContain(
      "type Customer { id: ID! firstName: String lastName: String address: String city: String country: String zip: String state: String phone: String email: String! ip: String! externalId: String }",
    );
  });
});
