import { describe, expect, it } from "vitest";
import { parseCustomer, parseCustomerList } from "../../src/bepaid/parse.js";
import { DOCS_LIST } from "../helpers/bepaid-docs.js";


const EMAIL = "customer@example.com";

/** The TypeError `parse(value)` throws; fails the test when it does not throw one. */
function typeError(parse: (value: unknown) => unknown, value: unknown): TypeError {
  try {
    parse(value);
  } catch (error) {
    expect(error).toBeInstanceOf(TypeError);
    return error as TypeError;
  }
  throw new Error(`expected ${JSON.stringify(value)} to be refused`);
}

describe("parseCustomer", () => {
  it("accepts the docs' record as it is", () => {
    expect(parseCustomer(DOCS_LIST[0])).toEqual(DOCS_LIST[0]);
  });

  it("accepts a record with only the required fields, and null or extra ones", () => {
    const record = { id: "cst_1", email: EMAIL, ip: "::1", first_name: null, external_id: "crm-1", verified: true };
    expect(parseCustomer(record)).toEqual(record);
  });

  it.each([
    ["null", null],
    ["an array", [DOCS_LIST[0]]],
    ["a string", "cst_5ca4fab9dfc7fcbf"],
  ])("refuses %s instead of an object", (_, value) => {
    expect(typeError(parseCustomer, value).message).toMatch(/expected a customer object/);
  });

  it.each([
    ["no id", { email: EMAIL, ip: "127.0.0.1" }, "id"],
    ["an empty id", { id: "", email: EMAIL, ip: "127.0.0.1" }, "id"],
    ["a numeric email", { id: "cst_1", email: 42, ip: "127.0.0.1" }, "email"],
    ["no ip", { id: "cst_1", email: EMAIL }, "ip"],
    ["a numeric first_name", { id: "cst_1", email: EMAIL, ip: "127.0.0.1", first_name: 7 }, "first_name"],
    ["an object as phone", { id: "cst_1", email: EMAIL, ip: "127.0.0.1", phone: { number: "+1-555-555-5555" } }, "phone"],
  ])("refuses a record with %s, naming the field", (_, record, field) => {
    expect(typeError(parseCustomer, record).message).toContain(`"${field}"`);
  });

  it("never shows the record's values in its message", () => {
    const record = { id: "cst_secret_id", email: EMAIL, ip: "192.168.77.1", first_name: 12345, phone: ["+1-555-555-5555"] };
    const { message } = typeError(parseCustomer, record);
    for (const value of ["cst_secret_id", EMAIL, "192.168.77.1", "12345", "+1-555-555-5555"]) {
      expect(message).not.toContain(value);
    }
  });
});

describe("parseCustomerList", () => {
  it("accepts the docs' list", () => {
    expect(parseCustomerList(DOCS_LIST)).toEqual(DOCS_LIST);
  });

  it("accepts an empty list", () => {
    expect(parseCustomerList([])).toEqual([]);
  });

  it("refuses an object where the bare array should be", () => {
    expect(typeError(parseCustomerList, { customers: DOCS_LIST }).message).toMatch(/expected an array/);
  });

  it("names the item that is wrong without showing its values", () => {
    const list = [DOCS_LIST[0], { ...DOCS_LIST[1], ip: 10 }];
    const { message } = typeError(parseCustomerList, list);
    expect(message).toMatch(/^item 1: /);
    expect(message).toContain('"ip"');
    expect(message).not.toContain("customer.mark@example.com");
    expect(message).not.toContain("Mark");
  });
});
