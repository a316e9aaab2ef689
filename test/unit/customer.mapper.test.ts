import { describe, expect, it } from "vitest";
import type { BepaidCustomer, BepaidCustomerFields } from "../../src/bepaid/types.js";
import type { CreateCustomerInput } from "../../src/customers/create-customer.input.js";
import { BEPAID_FIELD, toCreateCustomerBody, toCustomer, toCustomers } from "../../src/customers/customer.mapper.js";

/** One customer, every field set: bePaid's snake_case name, the GraphQL camelCase name, the value. */
const FIELDS: readonly [bepaid: keyof BepaidCustomerFields, graphql: keyof CreateCustomerInput, value: string][] = [
  ["first_name", "firstName", "John"],
  ["last_name", "lastName", "Doe"],
  ["address", "address", "1st Street"],
  ["city", "city", "Denver"],
  ["country", "country", "US"],
  ["zip", "zip", "92006"],
  ["state", "state", "CO"],
  ["phone", "phone", "+1-555-555-5555"],
  ["email", "email", "customer@example.com"],
  ["ip", "ip", "127.0.0.1"],
  ["external_id", "externalId", "crm-42"],
];
const FIELDS_AS_BEPAID = Object.fromEntries(FIELDS.map(([bepaid, , value]) => [bepaid, value])) as unknown as BepaidCustomerFields;
const FIELDS_AS_GRAPHQL = Object.fromEntries(FIELDS.map(([, graphql, value]) => [graphql, value])) as unknown as CreateCustomerInput;

describe("toCustomer", () => {
  it("maps every bePaid field to its camelCase name", () => {
    const record: BepaidCustomer = { id: "cst_5ca4fab9dfc7fcbf", ...FIELDS_AS_BEPAID };
    expect(toCustomer(record)).toEqual({ id: "cst_5ca4fab9dfc7fcbf", ...FIELDS_AS_GRAPHQL });
  });

  it("reads each field from the bePaid field BEPAID_FIELD names for it, as the create body writes it", () => {
    for (const [field, bepaidField] of Object.entries(BEPAID_FIELD)) {
      const record = { id: "cst_1", email: "a@example.com", ip: "10.0.0.1", [bepaidField]: `value of ${bepaidField}` } as BepaidCustomer;
      expect(toCustomer(record)).toMatchObject({ [field]: `value of ${bepaidField}` });
    }
  });

  it("reads fields bePaid left out, or sent as null, as null", () => {
    const record: BepaidCustomer = { id: "cst_1", email: "a@example.com", ip: "10.0.0.1", city: null };
    expect(toCustomer(record)).toEqual({
      id: "cst_1",
      firstName: null,
      lastName: null,
      address: null,
      city: null,
      country: null,
      zip: null,
      state: null,
      phone: null,
      email: "a@example.com",
      ip: "10.0.0.1",
      externalId: null,
    });
  });
});

describe("toCreateCustomerBody", () => {
  it("sends every field given, under bePaid's name", () => {
    const input: CreateCustomerInput = FIELDS_AS_GRAPHQL;
    expect(toCreateCustomerBody(input)).toEqual(FIELDS_AS_BEPAID);
  });

  it("sends only the fields given: undefined and null are left out", () => {
    const input: CreateCustomerInput = { email: "a@example.com", ip: "10.0.0.1", firstName: null, city: undefined, zip: "220000" };
    const body = toCreateCustomerBody(input);
    expect(body).toEqual({ email: "a@example.com", ip: "10.0.0.1", zip: "220000" });
    expect(Object.keys(body).sort()).toEqual(["email", "ip", "zip"]);
  });
});

describe("toCustomers", () => {
  const records: BepaidCustomer[] = [
    { id: "cst_1", email: "a@example.com", ip: "10.0.0.1", first_name: "Ada" },
    { id: "cst_2", email: "b@example.com", ip: "10.0.0.2" },
  ];

  it("maps a list's records as toCustomer maps each", () => {
    expect(toCustomers(records)).toEqual(records.map(toCustomer));
  });

  it("maps the same records once: every read of an unchanged list gets the same customers", () => {
    const first = toCustomers(records);
    expect(toCustomers(records)).toBe(first);
    // An equal list read anew is new records, mapped anew.
    expect(toCustomers([...records])).not.toBe(first);
  });
});
