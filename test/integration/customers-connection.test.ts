import { describe, expect, it } from "vitest";
import type { BepaidCustomer } from "../../src/bepaid/types.js";
import { DEMO_SHOP } from "../../src/sandbox/demo-shop.js";
import { CustomersPageDocument, type CustomersPageQuery, type CustomersPageQueryVariables } from "../generated/graphql.js";
import { basicAuthorization, bepaidList } from "../helpers/bepaid-list.js";
import { useStack } from "../helpers/stack.js";

const OTHER_SHOP = { shopId: "1002", secretKey: "secret-of-the-other-shop" };
type Connection = CustomersPageQuery["customersConnection"];

describe("customersConnection pages and filters a shop of 120 customers, against the sandbox", () => {
  // Two shops of 120 customers each (the docs' two and 118 made up); the server-held credentials
  // are the demo shop's, and pass-through callers may name the other.
  const stack = useStack({ sandbox: { shops: [DEMO_SHOP, OTHER_SHOP], generated: 118 }, env: { GATEWAY_PASSTHROUGH: "true" } });
  const shopList = () => bepaidList(stack.sandbox.url, DEMO_SHOP);
  const page = async (variables: CustomersPageQueryVariables, headers?: Record<string, string>): Promise<Connection> => {
    const { body } = await stack.execute(CustomersPageDocument, variables, headers);
    expect(body.errors).toBeUndefined();
    return body.data!.customersConnection;
  };
  const ids = (connection: Connection) => connection.edges.map((edge) => edge.node.id);
  const refusal = async (variables: CustomersPageQueryVariables, headers?: Record<string, string>) => {
    const { status, body } = await stack.execute(CustomersPageDocument, variables, headers);
    expect(status).toBe(200);
    expect(body.data).toBeNull();
    expect(body.errors).toHaveLength(1);
    return body.errors![0]!;
  };

  it("answers the first 20 customers in bePaid's order by default, with the total and where the page sits", async () => {
    const all = await shopList();
    const first = await page({});
    expect(all).toHaveLength(120);
    expect(ids(first)).toEqual(all.slice(0, 20).map((record) => record.id));
    expect(first.totalCount).toBe(120);
    expect(first.pageInfo).toEqual({ hasNextPage: true, hasPreviousPage: false, startCursor: first.edges[0]!.cursor, endCursor: first.edges[19]!.cursor });
    expect(first.edges[0]!.node).toEqual({
      id: "cst_5ca4fab9dfc7fcbf",
      firstName: "John",
      lastName: "Doe",
      email: "customer@example.com",
      phone: "+1-555-555-5555",
      city: "Denver",
      country: "US",
      externalId: null,
    });
    expect(stack.upstreamCalls("GET", "/customers")).toBe(2); // the oracle's read, and the gateway's one
  });

  it("pages forwards through all 120 with first and after, each customer once and in order", async () => {
    const all = await shopList();
    const seen: string[] = [];
    const pages: Connection[] = [];
    let after: string | null = null;
    do {
      const current: Connection = await page({ first: 50, after });
      pages.push(current);
      seen.push(...ids(current));
      after = current.pageInfo.endCursor;
      if (!current.pageInfo.hasNextPage) break;
    } while (pages.length < 10);
    expect(pages.map((current) => current.edges.length)).toEqual([50, 50, 20]);
    expect(pages.map((current) => current.pageInfo.hasPreviousPage)).toEqual([false, true, true]);
    expect(pages.map((current) => current.pageInfo.hasNextPage)).toEqual([true, true, false]);
    expect(seen).toEqual(all.map((record) => record.id));
  });

  it("pages backwards through all 120 with last and before, each customer once and in order", async () => {
    const all = await shopList();
    const pages: Connection[] = [];
    let before: string | null = null;
    do {
      const current: Connection = await page({ last: 50, before });
      pages.unshift(current);
      before = current.pageInfo.startCursor;
      if (!current.pageInfo.hasPreviousPage) break;
    } while (pages.length < 10);
    expect(pages.map((current) => current.edges.length)).toEqual([20, 50, 50]);
    expect(pages.map((current) => current.pageInfo.hasPreviousPage)).toEqual([false, true, true]);
    expect(pages.map((current) => current.pageInfo.hasNextPage)).toEqual([true, true, false]);
    expect(pages.flatMap(ids)).toEqual(all.map((record) => record.id));
  });

  it("reads before without last as the 20 customers before it, and pages the window between after and before", async () => {
    const all = await shopList();
    const cursors = (await page({ first: 100 })).edges.map((edge) => edge.cursor);
    const before = await page({ before: cursors[90] });
    expect(ids(before)).toEqual(all.slice(70, 90).map((record) => record.id));
    expect(before.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: true });

    const window = await page({ after: cursors[9], before: cursors[15], first: 3 });
    expect(ids(window)).toEqual(all.slice(10, 13).map((record) => record.id));
    // The spec's `first` case: more follow within the window.
    expect(window.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: true });
    const tail = await page({ after: cursors[9], before: cursors[15], last: 10 });
    expect(ids(tail)).toEqual(all.slice(10, 15).map((record) => record.id));
    expect(tail.pageInfo).toMatchObject({ hasPreviousPage: false, hasNextPage: true });
  });

  it("gives a customer the same cursor in every operation and on every page it appears", async () => {
    const wide = await page({ first: 30 });
    const narrow = await page({ first: 10, after: wide.edges[9]!.cursor });
    expect(narrow.edges.map((edge) => edge.cursor)).toEqual(wide.edges.slice(10, 20).map((edge) => edge.cursor));
    expect((await page({ first: 30 })).edges.map((edge) => edge.cursor)).toEqual(wide.edges.map((edge) => edge.cursor));
  });

  it("keeps cursors opaque: no name, email or other personal data inside", async () => {
    const { edges } = await page({ first: 100 });
    for (const { cursor, node } of edges) {
      const decoded = Buffer.from(cursor, "base64url").toString("utf8");
      expect(decoded).toContain(node.id);
      for (const personal of [node.email, node.firstName, node.lastName, node.phone, node.city]) {
        if (personal) expect(decoded).not.toContain(personal);
      }
    }
  });

  describe("filters", () => {
    const expectFiltered = async (filter: CustomersPageQueryVariables["filter"], keep: (record: BepaidCustomer) => boolean) => {
      const expected = (await shopList()).filter(keep).map((record) => record.id);
      const connection = await page({ first: 100, filter });
      expect(expected.length).toBeGreaterThan(0);
      expect(connection.totalCount).toBe(expected.length);
      expect(ids(connection)).toEqual(expected.slice(0, 100));
      return connection;
    };

    it("keeps the customer whose email equals the filter's, ignoring case", async () => {
      const connection = await expectFiltered({ email: "Customer.MARK@Example.com" }, (record) => record.email === "customer.mark@example.com");
      expect(connection.totalCount).toBe(1);
    });

    it("compares externalId exactly", async () => {
      expect((await expectFiltered({ externalId: "crm-41" }, (record) => record.external_id === "crm-41")).totalCount).toBe(1);
      expect((await page({ filter: { externalId: "CRM-41" } })).totalCount).toBe(0);
    });

    it("keeps the customers of a country, ignoring case", async () => {
      await expectFiltered({ country: "lt" }, (record) => record.country === "LT");
    });

    it.each([
      ["a city, in another case", "vILNIUS", (record: BepaidCustomer) => record.city === "Vilnius"],
      ["part of a last name", "owal", (record: BepaidCustomer) => record.last_name === "Kowalski"],
      ["part of a first name with its accents", "ÜLLER", (record: BepaidCustomer) => record.last_name === "Müller"],
      ["part of an email", "mark@", (record: BepaidCustomer) => record.email === "customer.mark@example.com"],
      ["a phone number", "+1-555-0000042", (record: BepaidCustomer) => record.phone === "+1-555-0000042"],
    ])("searches %s", async (_, search, keep) => {
      await expectFiltered({ search }, keep);
    });

    it("combines fields with AND, and counts what they keep over every page", async () => {
      const keep = (record: BepaidCustomer) => record.country === "US" && record.first_name === "Olivia";
      const first = await expectFiltered({ country: "US", search: "olivia" }, keep);
      expect(first.totalCount).toBeLessThan(20);
      const all = (await shopList()).filter((record) => record.country === "US");
      const firstPage = await page({ first: 5, filter: { country: "US" } });
      const secondPage = await page({ first: 5, after: firstPage.pageInfo.endCursor, filter: { country: "US" } });
      expect([...ids(firstPage), ...ids(secondPage)]).toEqual(all.slice(0, 10).map((record) => record.id));
      expect(secondPage.totalCount).toBe(all.length);
    });

    it("filters nothing with an empty search or null fields", async () => {
      for (const filter of [{ search: "" }, { email: null, externalId: null, country: null, search: null }, null]) {
        expect((await page({ filter })).totalCount).toBe(120);
      }
    });

    it("answers an empty page when nothing matches", async () => {
      expect(await page({ filter: { search: "nobody-has-this" } })).toEqual({
        edges: [],
        pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null },
        totalCount: 0,
      });
    });

    it("refuses a cursor whose customer the filter leaves out", async () => {
      const { edges } = await page({ filter: { country: "LT" } });
      const error = await refusal({ after: edges[0]!.cursor, filter: { country: "PL" } });
      expect(error).toMatchObject({
        message: "After names a customer the filter leaves out",
        path: ["customersConnection"],
        extensions: { code: "BAD_USER_INPUT", fieldErrors: [{ field: "after", path: ["after"], messages: ["names a customer the filter leaves out"] }] },
      });
    });
  });

  describe("refuses bad arguments as BAD_USER_INPUT, without calling bePaid", () => {
    const cursorOf = async (headers?: Record<string, string>) => (await page({ first: 1 }, headers)).pageInfo.endCursor!;

    it.each([
      ["first: 0", { first: 0 }, "first", "must be from 1 to 100"],
      ["first: 101", { first: 101 }, "first", "must be from 1 to 100"],
      ["first: -5", { first: -5 }, "first", "must be from 1 to 100"],
      ["last: 0", { last: 0 }, "last", "must be from 1 to 100"],
      ["last: 101", { last: 101, before: null }, "last", "must be from 1 to 100"],
      ["first with last", { first: 10, last: 10 }, "last", "can't be given with first: page forwards with first and after, backwards with last and before"],
      ["an after that is no cursor", { after: "not a cursor" }, "after", "is not a cursor this gateway issued for this shop"],
      ["a before that is no cursor", { before: "bm90IGEgY3Vyc29y" }, "before", "is not a cursor this gateway issued for this shop"],
    ])("%s", async (_, variables, field, message) => {
      const error = await refusal(variables);
      expect(error).toEqual({
        message: `${field.charAt(0).toUpperCase()}${field.slice(1)} ${message}`,
        locations: expect.any(Array),
        path: ["customersConnection"],
        extensions: { code: "BAD_USER_INPUT", fieldErrors: [{ field, path: [field], messages: [message] }] },
      });
      expect(stack.upstreamCalls()).toBe(0);
    });

    it("refuses another shop's cursor, and a cursor altered by a character", async () => {
      const theirs = await cursorOf(basicAuthorization(OTHER_SHOP));
      const ours = await cursorOf();
      stack.sandbox.reset();
      const altered = `${ours.slice(0, -2)}${ours.at(-2) === "A" ? "B" : "A"}${ours.at(-1)}`;
      for (const after of [theirs, altered]) {
        const error = await refusal({ after });
        expect(error.extensions).toMatchObject({ code: "BAD_USER_INPUT", fieldErrors: [{ field: "after", messages: ["is not a cursor this gateway issued for this shop"] }] });
      }
      const error = await refusal({ before: ours }, basicAuthorization(OTHER_SHOP));
      expect(error.extensions?.fieldErrors).toEqual([{ field: "before", path: ["before"], messages: ["is not a cursor this gateway issued for this shop"] }]);
      expect(stack.upstreamCalls()).toBe(0);
    });

    it("lists every mistake at once", async () => {
      const error = await refusal({ first: 0, last: 500, after: "x" });
      expect(error.extensions?.fieldErrors.map((entry: { field: string }) => entry.field)).toEqual(["first", "last", "after"]);
      expect(stack.upstreamCalls()).toBe(0);
    });
  });
});

describe("customersConnection on a gateway restarted (or another replica)", () => {
  const stack = useStack({ sandbox: { generated: 40 } });

  it("accepts the cursors the first one issued, for the same shop", async () => {
    const first = await stack.execute(CustomersPageDocument, { first: 10 });
    const cursor = first.body.data!.customersConnection.pageInfo.endCursor!;
    const { startStack } = await import("../helpers/stack.js");
    const restarted = await startStack({ bepaidUrl: stack.sandbox.url });
    try {
      const { body } = await restarted.execute(CustomersPageDocument, { first: 10, after: cursor });
      expect(body.errors).toBeUndefined();
      const all = await bepaidList(stack.sandbox.url, DEMO_SHOP);
      expect(body.data!.customersConnection.edges.map((edge) => edge.node.id)).toEqual(all.slice(10, 20).map((record) => record.id));
    } finally {
      await restarted.close();
    }
  });
});

describe("customersConnection on a shop of 100,000 customers", () => {
  // A patient timeout: the sandbox, in this same process, writes a 27 MB list per read.
  const stack = useStack({ sandbox: { generated: 99_998 }, env: { BEPAID_TIMEOUT_MS: "30000" } });
  const page = async (variables: CustomersPageQueryVariables) => {
    const { body } = await stack.execute(CustomersPageDocument, variables);
    expect(body.errors).toBeUndefined();
    return body.data!.customersConnection;
  };

  it("pages its start, its middle by cursor, and its end, and filters it", async () => {
    const all = await bepaidList(stack.sandbox.url, DEMO_SHOP);
    expect(all).toHaveLength(100_000);
    const first = await page({ first: 100 });
    expect(first.totalCount).toBe(100_000);
    expect(first.edges.map((edge) => edge.node.id)).toEqual(all.slice(0, 100).map((record) => record.id));

    const middle = await page({ first: 100, after: first.edges[49]!.cursor });
    const further = await page({ first: 100, after: middle.pageInfo.endCursor });
    expect(further.edges.map((edge) => edge.node.id)).toEqual(all.slice(150, 250).map((record) => record.id));

    const last = await page({ last: 100 });
    expect(last.edges.map((edge) => edge.node.id)).toEqual(all.slice(-100).map((record) => record.id));
    expect(last.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    const beforeLast = await page({ before: last.pageInfo.startCursor });
    expect(beforeLast.edges.map((edge) => edge.node.id)).toEqual(all.slice(-120, -100).map((record) => record.id));

    const one = await page({ filter: { externalId: "crm-99997" } });
    expect(one.totalCount).toBe(1);
    expect(one.edges[0]!.node.id).toBe(all.at(-1)!.id);
    const vilnius = await page({ filter: { search: "vilnius", country: "LT" } });
    expect(vilnius.totalCount).toBe(all.filter((record) => record.city === "Vilnius").length);
  }, 120_000);
});
