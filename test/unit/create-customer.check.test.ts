import { describe, expect, it } from "vitest";
import type { CreateCustomerInput } from "../../src/customers/create-customer.input.js";
import { checkCreateCustomerInput } from "../../src/customers/create-customer.check.js";

const VALID: CreateCustomerInput = { email: "customer@example.com", ip: "127.0.0.1" };

describe("checkCreateCustomerInput", () => {
  it("passes a valid input", () => {
    expect(checkCreateCustomerInput(VALID)).toEqual({});
  });

  it("refuses a blank email", () => {
    expect(checkCreateCustomerInput({ ...VALID, email: "  " })).toEqual({ email: ["can't be blank"] });
  });

  it("refuses a blank ip with both of bePaid's messages, in bePaid's order", () => {
    expect(checkCreateCustomerInput({ ...VALID, ip: "" })).toEqual({ ip: ["address is invalid", "can't be blank"] });
  });

  it("refuses an ip of only spaces as blank, with both of bePaid's messages", () => {
    expect(checkCreateCustomerInput({ ...VALID, ip: "   " })).toEqual({ ip: ["address is invalid", "can't be blank"] });
  });

  it("refuses an ip that is not an address", () => {
    expect(checkCreateCustomerInput({ ...VALID, ip: "999.0.0.1" })).toEqual({ ip: ["address is invalid"] });
    expect(checkCreateCustomerInput({ ...VALID, ip: "localhost" })).toEqual({ ip: ["address is invalid"] });
  });

  it("accepts an IPv6 address", () => {
    expect(checkCreateCustomerInput({ ...VALID, ip: "2001:db8::1" })).toEqual({});
    expect(checkCreateCustomerInput({ ...VALID, ip: "::1" })).toEqual({});
  });

  it("accepts an external_id of 255 characters", () => {
    expect(checkCreateCustomerInput({ ...VALID, externalId: "x".repeat(255) })).toEqual({});
  });

  it("refuses an external_id over 255 characters", () => {
    expect(checkCreateCustomerInput({ ...VALID, externalId: "x".repeat(256) })).toEqual({
      external_id: ["is too long (maximum is 255 characters)"],
    });
  });

  it("counts an external_id's length in characters, as bePaid does, not in UTF-16 units", () => {
    expect(checkCreateCustomerInput({ ...VALID, externalId: "😀".repeat(255) })).toEqual({});
    expect(checkCreateCustomerInput({ ...VALID, externalId: "😀".repeat(256) })).toEqual({
      external_id: ["is too long (maximum is 255 characters)"],
    });
  });

  it("reports every failure at once, keyed by bePaid's field names", () => {
    const errors = checkCreateCustomerInput({ email: "", ip: "", externalId: "x".repeat(300) });
    expect(Object.keys(errors)).toEqual(["email", "ip", "external_id"]);
  });
});
