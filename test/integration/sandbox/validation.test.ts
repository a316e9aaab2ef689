import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DOCS_CREATE_REQUEST } from "../../helpers/bepaid-docs.js";
import { MINIMAL_CUSTOMER, startSandbox, type Harness } from "../../helpers/sandbox-harness.js";

let harness: Harness;
beforeEach(async () => {
  harness = await startSandbox();
});
afterEach(() => harness.sandbox.close());

const create = (body: unknown) => harness.request("POST", "/customers", { body });

/** Asserts a 422 whose `errors` are exactly `errors`, and returns its message. */
async function expectErrors(body: unknown, errors: Record<string, string[]>): Promise<string> {
  const reply = await create(body);
  expect(reply.status).toBe(422);
  expect(reply.json.errors).toEqual(errors);
  return reply.json.message;
}

describe("POST /customers with invalid parameters", () => {
  it("answers the docs' invalid example byte for byte", async () => {
    const reply = await create({
      city: "Denver",
      zip: "92006",
      state: "CO",
      phone: "+1-555-555-5555",
      email: "customer@example.com",
    });
    expect(reply.status).toBe(422);
    expect(reply.text).toBe(
      `{"message":"Ip address is invalid. Ip can't be blank","errors":{"ip":["address is invalid","can't be blank"]}}`,
    );
  });

  it("requires an email", async () => {
    expect(await expectErrors({ ip: "127.0.0.1" }, { email: ["can't be blank"] })).toBe("Email can't be blank");
    await expectErrors({ ip: "127.0.0.1", email: "  " }, { email: ["can't be blank"] });
  });

  it("rejects an email that does not look like one", async () => {
    expect(await expectErrors({ ...MINIMAL_CUSTOMER, email: "jane.example.com" }, { email: ["is invalid"] })).toBe(
      "Email is invalid",
    );
  });

  it("rejects an ip that is no IPv4 or IPv6 address with one message", async () => {
    await expectErrors({ ...MINIMAL_CUSTOMER, ip: "256.1.1.1" }, { ip: ["address is invalid"] });
    await expectErrors({ ...MINIMAL_CUSTOMER, ip: "localhost" }, { ip: ["address is invalid"] });
  });

  it("gives a blank ip both messages, as a missing one", async () => {
    await expectErrors({ ...MINIMAL_CUSTOMER, ip: "" }, { ip: ["address is invalid", "can't be blank"] });
  });

  it("accepts IPv6 addresses", async () => {
    expect((await create({ ...MINIMAL_CUSTOMER, ip: "2001:db8::1" })).status).toBe(201);
  });

  it("rejects a country that is not two uppercase letters", async () => {
    for (const country of ["us", "USA", "U1"]) {
      await expectErrors({ ...MINIMAL_CUSTOMER, country }, { country: ["is invalid"] });
    }
  });

  it("rejects a US zip that is not NNNNN or NNNNN-NNNN", async () => {
    for (const zip of ["9200", "92006-12", "ABCDE"]) {
      await expectErrors({ ...DOCS_CREATE_REQUEST, zip }, { zip: ["is invalid"] });
    }
    expect((await create({ ...DOCS_CREATE_REQUEST, zip: "92006-1234" })).status).toBe(201);
  });

  it("takes any zip outside the US", async () => {
    expect((await create({ ...MINIMAL_CUSTOMER, country: "GB", zip: "SW1A 1AA" })).status).toBe(201);
  });

  it("requires a state for US and CA customers only", async () => {
    await expectErrors({ ...DOCS_CREATE_REQUEST, state: undefined }, { state: ["can't be blank"] });
    await expectErrors({ ...MINIMAL_CUSTOMER, country: "CA" }, { state: ["can't be blank"] });
    expect((await create({ ...MINIMAL_CUSTOMER, country: "DE" })).status).toBe(201);
  });

  it("rejects a state that is not two letters", async () => {
    await expectErrors({ ...DOCS_CREATE_REQUEST, state: "Colorado" }, { state: ["is invalid"] });
  });

  it.each([
    ["first_name", 30, "First name"],
    ["last_name", 30, "Last name"],
    ["city", 60, "City"],
    ["address", 255, "Address"],
    ["phone", 255, "Phone"],
    ["external_id", 255, "External id"],
  ])("limits %s to %i characters", async (field, max, humanized) => {
    expect((await create({ ...MINIMAL_CUSTOMER, [field]: "a".repeat(max) })).status).toBe(201);
    const message = await expectErrors(
      { ...MINIMAL_CUSTOMER, [field]: "a".repeat(max + 1) },
      { [field]: [`is too long (maximum is ${max} characters)`] },
    );
    expect(message).toBe(`${humanized} is too long (maximum is ${max} characters)`);
  });

  it("counts characters, not UTF-16 units, towards a length", async () => {
    expect((await create({ ...MINIMAL_CUSTOMER, first_name: "😀".repeat(30) })).status).toBe(201);
  });

  it("rejects a field that is not a string, with that one message", async () => {
    await expectErrors({ ...MINIMAL_CUSTOMER, first_name: 42 }, { first_name: ["is invalid"] });
    await expectErrors({ ...MINIMAL_CUSTOMER, email: { address: "x@example.com" } }, { email: ["is invalid"] });
    await expectErrors({ ...MINIMAL_CUSTOMER, ip: ["127.0.0.1"] }, { ip: ["is invalid"] });
  });

  it("lists errors in the docs' field order and joins their full messages", async () => {
    const reply = await create({ ip: "nope", email: "", country: "usa", first_name: "x".repeat(31) });
    expect(reply.text).toBe(
      JSON.stringify({
        message:
          "First name is too long (maximum is 30 characters). Country is invalid. Email can't be blank. Ip address is invalid",
        errors: {
          first_name: ["is too long (maximum is 30 characters)"],
          country: ["is invalid"],
          email: ["can't be blank"],
          ip: ["address is invalid"],
        },
      }),
    );
  });

  it("files a body that is not JSON under base", async () => {
    const reply = await create("first_name=John");
    expect(reply.status).toBe(422);
    expect(reply.json).toEqual({
      message: "Request body is not valid JSON",
      errors: { base: ["Request body is not valid JSON"] },
    });
  });

  it("files a body that is JSON but not an object under base", async () => {
    for (const body of ["[]", "null", '"customer"']) {
      const reply = await create(body);
      expect(reply.status).toBe(422);
      expect(reply.json).toEqual({
        message: "Request body must be a JSON object",
        errors: { base: ["Request body must be a JSON object"] },
      });
    }
  });

  it("stores nothing when a create is refused", async () => {
    await create({ email: "x@example.com" });
    expect((await harness.request("GET", "/customers")).json).toHaveLength(2);
  });
});

describe("POST /customers with valid parameters", () => {
  it("ignores unknown keys and takes null as not given", async () => {
    const reply = await create({ ...MINIMAL_CUSTOMER, nickname: "JJ", phone: null });
    expect(reply.status).toBe(201);
    expect(reply.json).toEqual({ id: reply.json.id, ...MINIMAL_CUSTOMER });
  });

  it("keeps an external_id", async () => {
    const reply = await create({ ...MINIMAL_CUSTOMER, external_id: "crm-42" });
    expect(reply.json.external_id).toBe("crm-42");
  });
});
