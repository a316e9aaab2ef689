import { describe, expect, it } from "vitest";
import { camelCase, fullMessage, toFieldErrors } from "../../src/errors/field-errors.js";

describe("toFieldErrors", () => {
  it("lists a flat attribute's messages under its input, as in bePaid's docs", () => {
    expect(toFieldErrors({ ip: ["address is invalid", "can't be blank"] })).toEqual([
      { field: "ip", path: ["input", "ip"], messages: ["address is invalid", "can't be blank"] },
    ]);
  });

  it("names fields as GraphQL does: first_name becomes firstName", () => {
    expect(toFieldErrors({ first_name: ["can't be blank"], external_id: ["is too long"] })).toEqual([
      { field: "firstName", path: ["input", "firstName"], messages: ["can't be blank"] },
      { field: "externalId", path: ["input", "externalId"], messages: ["is too long"] },
    ]);
  });

  it("joins nested attributes with dots and follows them in the path", () => {
    const errors = {
      billing_address: { city: ["can't be blank"] },
      customer: { ip: ["can't be blank"] },
      amount: ["must be greater than 0"],
    };
    expect(toFieldErrors(errors)).toEqual([
      { field: "billingAddress.city", path: ["input", "billingAddress", "city"], messages: ["can't be blank"] },
      { field: "customer.ip", path: ["input", "customer", "ip"], messages: ["can't be blank"] },
      { field: "amount", path: ["input", "amount"], messages: ["must be greater than 0"] },
    ]);
  });

  it("puts base errors on no field", () => {
    expect(toFieldErrors({ base: ["Shop is inactive"] })).toEqual([
      { field: null, path: null, messages: ["Shop is inactive"] },
    ]);
  });

  it("reads a single message given as a string instead of an array", () => {
    expect(toFieldErrors({ email: "is invalid" })).toEqual([
      { field: "email", path: ["input", "email"], messages: ["is invalid"] },
    ]);
  });

  it("keeps values of an odd shape as strings rather than dropping them", () => {
    const fieldErrors = toFieldErrors({ amount: [0, false], limit: 10, flag: true });
    expect(fieldErrors).toEqual([
      { field: "amount", path: ["input", "amount"], messages: ["0", "false"] },
      { field: "limit", path: ["input", "limit"], messages: ["10"] },
      { field: "flag", path: ["input", "flag"], messages: ["true"] },
    ]);
  });

  it("drops no message, whatever the nesting", () => {
    const errors = {
      base: ["Shop is inactive"],
      ip: ["address is invalid", "can't be blank"],
      billing_address: { city: ["can't be blank"], zip: "is invalid" },
      items: [{ name: ["can't be blank"] }],
    };
    const messages = toFieldErrors(errors).flatMap((entry) => entry.messages);
    expect(messages.sort()).toEqual(
      ["Shop is inactive", "address is invalid", "can't be blank", "can't be blank", "is invalid", "can't be blank"].sort(),
    );
  });

  it("numbers the entries of a list of nested errors in the field and its path", () => {
    expect(toFieldErrors({ items: [{ name: ["can't be blank"] }, { name: ["is too long"] }] })).toEqual([
      { field: "items.0.name", path: ["input", "items", "0", "name"], messages: ["can't be blank"] },
      { field: "items.1.name", path: ["input", "items", "1", "name"], messages: ["is too long"] },
    ]);
  });

  it("skips empty messages (null, missing, blank) instead of listing them as text", () => {
    const errors = { ip: null, email: "", zip: [null, "", undefined], country: undefined, city: ["can't be blank"] };
    expect(toFieldErrors(errors)).toEqual([{ field: "city", path: ["input", "city"], messages: ["can't be blank"] }]);
  });

  it("keeps bePaid's order of fields and of messages", () => {
    const fieldErrors = toFieldErrors({ zip: ["b", "a"], email: ["z"], base: ["y"], city: ["x"] });
    expect(fieldErrors.map((entry) => entry.field)).toEqual(["zip", "email", null, "city"]);
    expect(fieldErrors[0]?.messages).toEqual(["b", "a"]);
  });

  it("places fields under the root it is given", () => {
    expect(toFieldErrors({ first_name: ["can't be blank"] }, ["data"])).toEqual([
      { field: "firstName", path: ["data", "firstName"], messages: ["can't be blank"] },
    ]);
  });

  it("answers no field errors for no errors", () => {
    expect(toFieldErrors({})).toEqual([]);
  });
});

describe("camelCase", () => {
  it("turns snake_case into camelCase", () => {
    expect(camelCase("first_name")).toBe("firstName");
    expect(camelCase("billing_address")).toBe("billingAddress");
  });

  it("reads a run of underscores as one, as Rails' camelize does", () => {
    expect(camelCase("first__name")).toBe("firstName");
  });

  it("leaves names without underscores alone", () => {
    expect(camelCase("ip")).toBe("ip");
    expect(camelCase("firstName")).toBe("firstName");
  });
});

describe("fullMessage", () => {
  it("prefixes the humanized attribute, as Rails does", () => {
    expect(fullMessage("first_name", "can't be blank")).toBe("First name can't be blank");
    expect(fullMessage("ip", "address is invalid")).toBe("Ip address is invalid");
  });

  it("leaves base messages alone", () => {
    expect(fullMessage("base", "Shop is inactive")).toBe("Shop is inactive");
  });
});
