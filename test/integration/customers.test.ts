import { describe, expect, it } from "vitest";
import { DEMO_SHOP } from "../../src/sandbox/demo-shop.js";
import { CreateCustomerDocument, CustomerDocument, CustomersDocument } from "../generated/graphql.js";
import { useStack } from "../helpers/stack.js";

const JOHN = "cst_5ca4fab9dfc7fcbf";
const MARK = "cst_9f65045c1f4c3676";

describe("customers over GraphQL, against the sandbox", () => {
  const stack = useStack();

  it("lists the shop's customers with camelCase fields", async () => {
    const { status, body } = await stack.execute(CustomersDocument);
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data?.customers.slice(0, 2)).toEqual([
      { id: JOHN, firstName: "John", lastName: "Doe", email: "customer@example.com", country: "US" },
      { id: MARK, firstName: "Mark", lastName: "Dow", email: "customer.mark@example.com", country: "US" },
    ]);
  });

  it("reads one customer with every field mapped", async () => {
    const { body } = await stack.execute(CustomerDocument, { id: JOHN });
    expect(body).toEqual({
      data: {
        customer: {
          id: JOHN,
          firstName: "John",
          lastName: "Doe",
          address: "1st Street",
          city: "Denver",
          country: "US",
          zip: "92006",
          state: "CO",
          phone: "+1-555-555-5555",
          email: "customer@example.com",
          ip: "127.0.0.1",
          externalId: null,
        },
      },
    });
  });

  it("returns null, with no error, for an id bePaid does not know", async () => {
    const { status, body } = await stack.execute(CustomerDocument, { id: "cst_0000000000000000" });
    expect(status).toBe(200);
    expect(body).toEqual({ data: { customer: null } });
    expect(stack.upstreamCalls("GET", "/customers/cst_0000000000000000")).toBe(1);
  });

  it.each([
    ["a blank id, which would read the list instead", " ", "can't be blank"],
    ['the id ".", which would read GET /customers/', ".", 'can\'t be "." or ".."'],
    ['the id "..", which would read GET /', "..", 'can\'t be "." or ".."'],
    ["an id that cannot be put in a URL (a lone surrogate)", "cst_\ud800", "is not valid Unicode"],
    ["an id longer than any bePaid id", `cst_${"f".repeat(300)}`, "is too long (maximum is 255 characters)"],
  ])("refuses %s as the caller's mistake, without calling bePaid", async (_, id, text) => {
    const { body } = await stack.execute(CustomerDocument, { id });
    expect(body.data).toEqual({ customer: null });
    expect(body.errors?.[0]).toMatchObject({
      message: `Id ${text}`,
      path: ["customer"],
      extensions: { code: "BAD_USER_INPUT", fieldErrors: [{ field: "id", path: ["id"], messages: [text] }] },
    });
    expect(stack.upstreamCalls()).toBe(0);
  });

  it("counts an id's length in characters, not UTF-16 units", async () => {
    const { body } = await stack.execute(CustomerDocument, { id: "😀".repeat(200) });
    expect(body).toEqual({ data: { customer: null } });
    expect(stack.upstreamCalls("GET")).toBe(1);
  });

  it("refuses a dot id written in the document too", async () => {
    const { body } = await stack.query(`{ customer(id: "..") { id } }`);
    expect(body.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(stack.upstreamCalls()).toBe(0);
  });

  it("reads ids that merely contain dots or slashes as one segment under /customers/", async () => {
    const { body } = await stack.query(`{ a: customer(id: "...") { id } b: customer(id: "../customers") { id } }`);
    expect(body).toEqual({ data: { a: null, b: null } });
    expect(stack.sandbox.calls.map((call) => call.path).sort()).toEqual(["/customers/..%2Fcustomers", "/customers/..."]);
  });

  it("creates a customer and reads it back in a later operation", async () => {
    const input = { firstName: "Ada", email: "ada@example.com", ip: "10.0.0.1", externalId: "crm-42" };
    const created = await stack.execute(CreateCustomerDocument, { input });
    expect(created.body.errors).toBeUndefined();
    const customer = created.body.data?.createCustomer;
    expect(customer).toMatchObject({ ...input, lastName: null, country: null });
    expect(customer?.id).toMatch(/^cst_[0-9a-f]{16}$/);

    const read = await stack.execute(CustomerDocument, { id: customer!.id });
    expect(read.body.data?.customer).toEqual(customer);
    expect(stack.upstreamCalls("POST", "/customers")).toBe(1);
  });

  it("sends bePaid only the fields the caller gave", async () => {
    const created = await stack.execute(CreateCustomerDocument, {
      input: { email: "only@example.com", ip: "10.0.0.2", city: null },
    });
    const id = created.body.data!.createCustomer!.id;
    // Read the record as bePaid stores it: a field never sent is absent, not null or "".
    const raw = await fetch(`${stack.sandbox.url}/customers/${id}`, {
      headers: { authorization: `Basic ${Buffer.from(`${DEMO_SHOP.shopId}:${DEMO_SHOP.secretKey}`).toString("base64")}` },
    }).then((response) => response.json() as Promise<Record<string, unknown>>);
    expect(Object.keys(raw).sort()).toEqual(["email", "id", "ip"]);
  });

  it("reads bePaid afresh in every operation", async () => {
    await stack.execute(CustomerDocument, { id: JOHN });
    await stack.execute(CustomerDocument, { id: JOHN });
    expect(stack.upstreamCalls("GET", `/customers/${JOHN}`)).toBe(2);
  });

  it("serves queries over GET as GraphQL-over-HTTP allows", async () => {
    const url = new URL(stack.gatewayUrl);
    url.searchParams.set("query", `{ customer(id: "${MARK}") { firstName } }`);
    const response = await fetch(url, { headers: { "apollo-require-preflight": "true" } });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { customer: { firstName: "Mark" } } });
  });
});
