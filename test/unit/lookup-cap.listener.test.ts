import type { GraphQLRequestContextDidResolveOperation } from "@apollo/server";
import { type DocumentNode, getOperationAST, Kind, type OperationDefinitionNode, parse } from "graphql";
import { describe, expect, it } from "vitest";
import { lookupCapListener } from "../../src/apollo/lookup-cap.listener.js";

const REFUSAL = "The operation would make more than 3 bePaid calls; split it into smaller operations.";

/** Judges `document` (named `operationName`) with `variables` under a cap of 3: "ok", or the refusal's message. */
async function verdict(
  listener: ReturnType<typeof lookupCapListener>,
  document: DocumentNode,
  variables?: Record<string, unknown>,
  operationName?: string,
): Promise<string> {
  const context = {
    operation: getOperationAST(document, operationName) as OperationDefinitionNode,
    document,
    request: variables === undefined ? {} : { variables },
    operationName: operationName ?? null,
  } as unknown as GraphQLRequestContextDidResolveOperation<Record<string, never>>;
  return listener.didResolveOperation!(context).then(
    () => "ok",
    (error: Error & { extensions?: { code?: string } }) => {
      expect(error.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
      return error.message;
    },
  );
}

/** The verdict of a fresh listener (cap 3) on `source`. */
const judge = (source: string, variables?: Record<string, unknown>, operationName?: string) =>
  verdict(lookupCapListener(3), parse(source), variables, operationName);

const customers = (...ids: string[]) => ids.map((id, index) => `c${index}: customer(id: ${id}) { id }`).join(" ");
const entities = (representations: string) => `query($r: [_Any!]!, $id: _Any) { _entities(representations: ${representations}) { __typename } }`;
const refs = (...ids: unknown[]) => ids.map((id) => ({ __typename: "Customer", id }));

describe("lookupCapListener", () => {
  it("counts each distinct customer id once, however many aliases ask for it", async () => {
    expect(await judge(`{ ${customers('"a"', '"b"', '"c"', '"a"', '"b"')} }`)).toBe("ok");
    expect(await judge(`{ ${customers('"a"', '"b"', '"c"', '"d"')} }`)).toBe(REFUSAL);
  });

  it("reads an id from a variable, a number and its text as one id", async () => {
    expect(await judge(`query($id: ID!) { ${customers("$id", "7", '"7"', '"x"', '"y"')} }`, { id: "x" })).toBe("ok");
    expect(await judge(`query($id: ID!) { ${customers("$id", '"7"', '"x"', '"y"')} }`, { id: 7 })).toBe("ok");
    expect(await judge(`query($id: ID!) { ${customers("$id", '"x"', '"y"', '"z"')} }`, { id: "w" })).toBe(REFUSAL);
  });

  it("counts an id it cannot know (an unusable variable, no id at all) as a lookup of its own", async () => {
    expect(await judge(`query($id: ID) { ${customers("$id", "$id", "$id", "$id")} }`, { id: { not: "an id" } })).toBe(REFUSAL);
    expect(await judge(`query($id: ID) { ${customers("$id", "$id", "$id", "$id")} }`)).toBe(REFUSAL);
    expect(await judge(`{ a: customer { id } b: customer { id } c: customer { id } d: customer { id } }`)).toBe(REFUSAL);
    expect(await judge(`{ a: customer(id: true) { id } b: customer(id: true) { id } c: customer(id: true) { id } d: customer(id: true) { id } }`)).toBe(REFUSAL);
  });

  it("counts the list once however many fields read it, and every create", async () => {
    expect(await judge("{ a: customers { id } b: customers { id } c: customersConnection { totalCount } d: customers { id } }")).toBe("ok");
    expect(await judge(`{ l: customers { id } ${customers('"a"', '"b"', '"c"')} }`)).toBe(REFUSAL);
    const create = (alias: string) => `${alias}: createCustomer(input: { email: "a@b.co", ip: "1.1.1.1" }) { id }`;
    expect(await judge(`mutation { ${["a", "b", "c", "d"].map(create).join(" ")} }`)).toBe(REFUSAL);
  });

  it("counts fields in inline and named fragments where they are spread, and stops at a fragment cycle", async () => {
    expect(await judge(`{ ... on Query { ${customers('"a"', '"b"')} } ...F } fragment F on Query { x: customer(id: "c") { id } y: customer(id: "d") { id } }`)).toBe(REFUSAL);
    expect(await judge(`{ ...F } fragment F on Query { ...G } fragment G on Query { ...F ${customers('"a"', '"b"')} }`)).toBe("ok");
    expect(await judge(`{ ...F ...G } fragment F on Query { ${customers('"a"', '"b"')} } fragment G on Query { ...F x: customer(id: "c") { id } }`)).toBe("ok");
    expect(await judge(`{ ...Missing ${customers('"a"')} }`)).toBe("ok");
  });

  it("leaves out what a false @skip or @include leaves out, by literal or variable, and counts what they keep", async () => {
    const four = (directive: string) => `query($yes: Boolean, $no: Boolean) { ${["a", "b", "c", "d"].map((id) => `${id}: customer(id: "${id}") ${directive} { id }`).join(" ")} }`;
    expect(await judge(four("@skip(if: true)"))).toBe("ok");
    expect(await judge(four("@include(if: false)"))).toBe("ok");
    expect(await judge(four("@skip(if: $yes)"), { yes: true })).toBe("ok");
    expect(await judge(four("@include(if: $no)"), { no: false })).toBe("ok");
    for (const kept of ["@skip(if: false)", "@include(if: true)", "@skip(if: $no)", "@include(if: $yes)"]) {
      expect(await judge(four(kept), { yes: true, no: false })).toBe(REFUSAL);
    }
    // A condition it cannot read (not a boolean, no `if`, another directive) keeps the field, as the worst case.
    expect(await judge(four("@skip(if: $yes)"), { yes: "true" })).toBe(REFUSAL);
    expect(await judge(four("@skip(if: 1)"))).toBe(REFUSAL);
    expect(await judge(four("@skip"))).toBe(REFUSAL);
    expect(await judge(four("@other(if: true)"))).toBe(REFUSAL);
    expect(await judge(four("@skip(if: $yes)"))).toBe(REFUSAL);
  });

  describe("_entities", () => {
    it("counts the distinct Customer ids of representations given as a variable", async () => {
      expect(await judge(entities("$r"), { r: refs("a", "b", "c", "a", "b") })).toBe("ok");
      expect(await judge(entities("$r"), { r: refs("a", "b", "c", "d") })).toBe(REFUSAL);
      expect(await judge(entities("$r"), { r: refs(1, "1", 2, 3) })).toBe("ok");
    });

    it("counts them together with the operation's other lookups, an id asked for both ways once", async () => {
      const both = (id: string) => `query($r: [_Any!]!) { _entities(representations: $r) { __typename } ${customers(id)} }`;
      expect(await judge(both('"a"'), { r: refs("a", "b", "c") })).toBe("ok");
      expect(await judge(both('"d"'), { r: refs("a", "b", "c") })).toBe(REFUSAL);
    });

    it("counts representations written in the document, with variables, numbers and other values inside", async () => {
      const literal = (...items: string[]) => entities(`[${items.join(", ")}]`);
      const ref = (id: string) => `{ __typename: "Customer", id: ${id} }`;
      // 1 and 1.0 are one id, as the reference resolver reads them.
      expect(await judge(literal(ref('"a"'), ref("$id"), ref("1"), ref("1.0")), { id: "b" })).toBe("ok");
      expect(await judge(literal(ref('"a"'), ref("$id"), ref("1"), ref("2.0")), { id: "b" })).toBe(REFUSAL);
      expect(await judge(literal(ref('"a"'), ref("$id"), ref("1"), ref("2.0")), { id: "a" })).toBe("ok");
      // An enum value reads as its name, which the reference resolver would look up; null, true and a list are no ids.
      expect(await judge(literal(ref('"a"'), ref('"b"'), ref("null"), ref("true"), ref("[1]"), ref("2.5")))).toBe("ok");
      expect(await judge(literal(ref('"a"'), ref('"b"'), ref("null"), ref("true"), ref("[1]"), ref("2.5"), ref("ENUM")))).toBe(REFUSAL);
    });

    it("counts no representation that costs no bePaid call: another type, no id, an id of another kind, no object", async () => {
      const r = [...refs("a", "b", "c"), { __typename: "Order", id: "d" }, { __typename: "Customer" }, { __typename: "Customer", id: { x: 1 } }, { id: "e" }, "Customer", null];
      expect(await judge(entities("$r"), { r })).toBe("ok");
    });

    it("reads one representation where a list is expected as a list of one, as GraphQL coerces it", async () => {
      const source = `query($r: _Any!) { a: _entities(representations: $r) { __typename } ${customers('"x"', '"y"', '"z"')} }`;
      expect(await judge(source, { r: { __typename: "Customer", id: "x" } })).toBe("ok");
      expect(await judge(source, { r: { __typename: "Customer", id: "w" } })).toBe(REFUSAL);
    });

    it("counts nothing for an _entities with no representations argument (validation refuses it anyway)", async () => {
      expect(await judge(`{ _entities { __typename } ${customers('"a"', '"b"', '"c"')} }`)).toBe("ok");
    });
  });

  describe("verdicts remembered per document", () => {
    it("answers a repeat of a document that read no variables from its first verdict, per operation name", async () => {
      const listener = lookupCapListener(3);
      const document = parse(`query Few { ${customers('"a"')} } query Many { ${customers('"a"', '"b"', '"c"', '"d"')} }`);
      expect(await verdict(listener, document, undefined, "Few")).toBe("ok");
      expect(await verdict(listener, document, undefined, "Many")).toBe(REFUSAL);
      // Apollo never changes a parsed document; changing it here shows which verdicts are remembered.
      const [few, many] = document.definitions as OperationDefinitionNode[];
      (few!.selectionSet.selections as unknown[]).push(...many!.selectionSet.selections);
      (many!.selectionSet as unknown as { selections: unknown[] }).selections = [];
      expect(await verdict(listener, document, undefined, "Few")).toBe("ok");
      expect(await verdict(listener, document, undefined, "Many")).toBe(REFUSAL);
    });

    it("remembers an unnamed operation's verdict apart from a named one's", async () => {
      const listener = lookupCapListener(3);
      const document = parse(`{ ${customers('"a"', '"b"', '"c"', '"d"')} }`);
      expect(await verdict(listener, document)).toBe(REFUSAL);
      (document.definitions[0] as unknown as { selectionSet: { selections: unknown[] } }).selectionSet.selections = [];
      expect(await verdict(listener, document)).toBe(REFUSAL);
      const named = { ...document, definitions: [{ ...document.definitions[0], name: { kind: Kind.NAME, value: "Named" } }] } as DocumentNode;
      expect(await verdict(listener, named, undefined, "Named")).toBe("ok");
    });

    it("judges a document afresh when its verdict read variables", async () => {
      const listener = lookupCapListener(3);
      const document = parse(`query($id: ID!) { ${customers("$id", '"b"', '"c"', '"e"')} }`);
      expect(await verdict(listener, document, { id: "b" })).toBe("ok");
      expect(await verdict(listener, document, { id: "d" })).toBe(REFUSAL);
      expect(await verdict(listener, document, { id: "c" })).toBe("ok");
    });
  });
});
