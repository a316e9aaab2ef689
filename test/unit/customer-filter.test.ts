import { describe, expect, it } from "vitest";
import type { BepaidCustomer } from "../../src/bepaid/types.js";
import { filterCustomers } from "../../src/customers/customer-filter.js";

const ADA: BepaidCustomer = { id: "cst_1", first_name: "Ada", last_name: "Lovelace", email: "Ada@Example.com", ip: "10.0.0.1", country: "GB", city: "London", phone: "+44 20 7946 0000", external_id: "crm-1" };
const JONAS: BepaidCustomer = { id: "cst_2", first_name: "Jonas", last_name: "Kask", email: "jonas@example.ee", ip: "10.0.0.2", country: "ee", city: "Tallinn", external_id: "CRM-2" };
const BARE: BepaidCustomer = { id: "cst_3", email: "bare@example.com", ip: "10.0.0.3", first_name: null, city: null };
const ALL = [ADA, JONAS, BARE];
const ids = (records: readonly BepaidCustomer[]) => records.map((record) => record.id);

describe("filterCustomers", () => {
  it("answers the same list when no field is set: null, undefined, or an empty search", () => {
    for (const filter of [undefined, null, {}, { search: "" }, { email: null, externalId: null, country: null, search: null }]) {
      expect(filterCustomers(ALL, filter)).toBe(ALL);
    }
  });

  it("compares email and country ignoring case, externalId exactly", () => {
    expect(ids(filterCustomers(ALL, { email: "ada@example.COM" }))).toEqual(["cst_1"]);
    expect(ids(filterCustomers(ALL, { country: "EE" }))).toEqual(["cst_2"]);
    expect(ids(filterCustomers(ALL, { externalId: "crm-2" }))).toEqual([]);
    expect(ids(filterCustomers(ALL, { externalId: "CRM-2" }))).toEqual(["cst_2"]);
  });

  it("does not take part of an email or a country for the whole", () => {
    expect(filterCustomers(ALL, { email: "ada@example" })).toEqual([]);
    expect(filterCustomers(ALL, { country: "G" })).toEqual([]);
  });

  it("searches first name, last name, email, phone and city, ignoring case, and nothing else", () => {
    expect(ids(filterCustomers(ALL, { search: "LOVE" }))).toEqual(["cst_1"]);
    expect(ids(filterCustomers(ALL, { search: "jon" }))).toEqual(["cst_2"]);
    expect(ids(filterCustomers(ALL, { search: "7946" }))).toEqual(["cst_1"]);
    expect(ids(filterCustomers(ALL, { search: "tallinn" }))).toEqual(["cst_2"]);
    expect(ids(filterCustomers(ALL, { search: "example" }))).toEqual(["cst_1", "cst_2", "cst_3"]);
    expect(ids(filterCustomers(ALL, { search: "crm" }))).toEqual([]);
    expect(ids(filterCustomers(ALL, { search: "10.0.0" }))).toEqual([]);
  });

  it("combines fields with AND", () => {
    expect(ids(filterCustomers(ALL, { search: "example", country: "gb" }))).toEqual(["cst_1"]);
    expect(ids(filterCustomers(ALL, { search: "jonas", country: "gb" }))).toEqual([]);
  });
});
