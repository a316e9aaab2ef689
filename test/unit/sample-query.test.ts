import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { sampleQuery } from "../../src/documents/sample-query.js";
import type { TrustedDocuments } from "../../src/documents/trusted-documents.js";

/** A manifest of these documents, in this order. */
function manifest(...texts: string[]): TrustedDocuments {
  const documents = new Map(texts.map((text) => [createHash("sha256").update(text).digest("hex"), text]));
  return { byId: (id) => documents.get(id), trusts: (text) => [...documents.values()].includes(text), entries: () => documents.entries() };
}
const idOf = (text: string) => createHash("sha256").update(text).digest("hex");

describe("sampleQuery", () => {
  it("skips mutations and queries with a required variable, and takes the first query that runs as it is", () => {
    const page = "query Page($first: Int, $after: String = null) { customersConnection(first: $first, after: $after) { totalCount } }";
    const documents = manifest(
      "mutation Create($input: CreateCustomerInput!) { createCustomer(input: $input) { id } }",
      "query One($id: ID!) { customer(id: $id) { id } }",
      page,
      "query Customers { customers { id } }",
    );
    expect(sampleQuery(documents)).toEqual({ id: idOf(page), operationName: "Page" });
  });

  it("takes a required variable that has a default, and an anonymous query", () => {
    const anonymous = "query ($first: Int! = 5) { customersConnection(first: $first) { totalCount } }";
    expect(sampleQuery(manifest(anonymous))).toEqual({ id: idOf(anonymous), operationName: undefined });
  });

  it("skips documents of several operations, and finds nothing in a manifest of mutations", () => {
    expect(sampleQuery(manifest("query A { customers { id } } query B { customers { email } }"))).toBeUndefined();
    expect(sampleQuery(manifest("mutation Create($input: CreateCustomerInput!) { createCustomer(input: $input) { id } }"))).toBeUndefined();
  });
});
