import { describe, expect, it } from "vitest";
import { useStack } from "../helpers/stack.js";

const JOHN = "cst_5ca4fab9dfc7fcbf";
const MARK = "cst_9f65045c1f4c3676";

describe("one GET per customer per operation, counted at bePaid", () => {
  const stack = useStack({ env: { BEPAID_RETRIES: "0" } });

  it("reads a customer asked for twice in one operation once", async () => {
    const { body } = await stack.query(`{
      a: customer(id: "${JOHN}") { id firstName }
      b: customer(id: "${JOHN}") { email }
      c: customer(id: "${MARK}") { firstName }
    }`);
    expect(body.data).toEqual({
      a: { id: JOHN, firstName: "John" },
      b: { email: "customer@example.com" },
      c: { firstName: "Mark" },
    });
    expect(stack.upstreamCalls("GET", `/customers/${JOHN}`)).toBe(1);
    expect(stack.upstreamCalls("GET", `/customers/${MARK}`)).toBe(1);
    expect(stack.upstreamCalls()).toBe(2);
  });

  it("fails only the fields of an id whose read failed", async () => {
    stack.sandbox.faults.push({
      match: { method: "GET", path: `/customers/${MARK}` },
      action: { kind: "respond", status: 500, body: { message: "boom" } },
    });
    const { body } = await stack.query(`{
      john: customer(id: "${JOHN}") { firstName }
      mark: customer(id: "${MARK}") { firstName }
      missing: customer(id: "cst_ffffffffffffffff") { firstName }
    }`);
    expect(body.data).toEqual({ john: { firstName: "John" }, mark: null, missing: null });
    expect(body.errors).toHaveLength(1);
    expect(body.errors?.[0]).toMatchObject({
      path: ["mark"],
      extensions: { code: "UPSTREAM_UNAVAILABLE", upstreamStatus: 500 },
    });
  });

  it("gives every alias of a failed id its own error at its own path", async () => {
    stack.sandbox.faults.push({ match: { path: `/customers/${MARK}` }, action: { kind: "respond", status: 503 } });
    const { body } = await stack.query(`{ x: customer(id: "${MARK}") { id } y: customer(id: "${MARK}") { id } }`);
    expect(body.errors?.map((error) => error.path)).toEqual([["x"], ["y"]]);
    expect(stack.upstreamCalls("GET", `/customers/${MARK}`)).toBe(1);
  });
});
