import { describe, expect, it } from "vitest";
import { DEMO_SHOP } from "../../src/sandbox/demo-shop.js";
import { CreateCustomerDocument, CustomerDocument, CustomersDocument } from "../generated/graphql.js";
import { useStack } from "../helpers/stack.js";

const PERSON = {
  firstName: "Zelda",
  lastName: "Quartermaine",
  address: "77 Unmistakable Lane",
  city: "Xyloville",
  phone: "+375-29-555-0199",
  email: "zelda.q@private.example",
  ip: "203.0.113.77",
};

describe("what the gateway logs", () => {
  const stack = useStack({ env: { GATEWAY_TOKENS: "log-test-token", BEPAID_RETRIES: "1" } });

  it("holds no credential, token or personal data after faults and refusals", async () => {
    const auth = { authorization: "Bearer log-test-token" };
    const faults = [
      { kind: "respond", status: 422, body: { message: "Email is invalid", errors: { email: ["is invalid"] } } },
      { kind: "respond", status: 500, body: `<html>${PERSON.email}</html>` },
      { kind: "handleThenReset" },
      { kind: "hang" },
      { kind: "respond", status: 201, body: `{"id":"cst_1","email":"${PERSON.email}"` },
    ] as const;
    for (const action of faults) {
      stack.sandbox.faults.push({ match: { method: "POST" }, action });
      await stack.execute(CreateCustomerDocument, { input: PERSON }, auth);
    }
    stack.sandbox.faults.push({ times: 2, action: { kind: "respond", status: 503 } });
    await stack.execute(CustomersDocument, undefined, auth);
    await stack.execute(CustomerDocument, { id: "cst_5ca4fab9dfc7fcbf" }, { authorization: "Bearer wrong-token" });

    const log = stack.logs.join("");
    // The log did record every one of those requests and its failure, so absence below means redaction.
    const outcomes = stack.logs.map((line) => JSON.parse(line)).filter((entry) => entry.msg === "operation").map((entry) => entry.outcome);
    expect(outcomes).toEqual([
      "BAD_USER_INPUT",
      "UPSTREAM_OUTCOME_UNKNOWN",
      "UPSTREAM_OUTCOME_UNKNOWN",
      "UPSTREAM_OUTCOME_UNKNOWN",
      "UPSTREAM_BAD_RESPONSE",
      "UPSTREAM_UNAVAILABLE",
      "UNAUTHENTICATED",
    ]);
    for (const secret of [DEMO_SHOP.secretKey, "log-test-token", "wrong-token", "Basic ", ...Object.values(PERSON)]) {
      expect(log).not.toContain(secret);
    }
  });
});
