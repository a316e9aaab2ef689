import { describe, expect, it } from "vitest";
import { captureLogger } from "../helpers/capture-logger.js";

const PERSONAL = {
  authorization: "Basic MzYxOnNlY3JldC1zaG9w",
  email: "john.private@example.com",
  phone: "+1-555-123-9876",
  ip: "203.0.113.77",
  first_name: "Johnathan",
};
const VALUES = Object.values(PERSONAL);

function expectNoneWritten(lines: string[]) {
  expect(lines.length).toBeGreaterThan(0);
  for (const line of lines) for (const value of VALUES) expect(line).not.toContain(value);
}

describe("createLogger", () => {
  it("writes JSON lines at the level asked for", () => {
    const { logger, entries } = captureLogger("info");
    logger.debug("hidden");
    logger.info({ call: "GET /customers/:id" }, "operation");
    expect(entries()).toEqual([expect.objectContaining({ level: 30, msg: "operation", call: "GET /customers/:id" })]);
  });

  it("writes no credential or personal data logged at the top level", () => {
    const { logger, lines } = captureLogger();
    logger.info({ ...PERSONAL, keep: "visible" }, "top level");
    expectNoneWritten(lines);
    expect(lines[0]).toContain("visible");
  });

  it("writes none of them nested one level down", () => {
    const { logger, lines } = captureLogger();
    logger.warn({ customer: { ...PERSONAL } }, "one level");
    expectNoneWritten(lines);
  });

  it("writes none of them nested two levels down", () => {
    const { logger, lines } = captureLogger();
    logger.error({ req: { headers: { ...PERSONAL } } }, "two levels");
    expectNoneWritten(lines);
  });

  it("writes none of them in a list of records", () => {
    const { logger, lines } = captureLogger();
    logger.info({ customers: [{ ...PERSONAL }, { ...PERSONAL }] }, "list");
    expectNoneWritten(lines);
  });

  // logger.ts promises these keys never reach a line "wherever they sit": a customer list under a
  // response body (three levels) is as censored as one at the top.
  it("writes none of them wherever they sit, however deep", () => {
    const { logger, lines } = captureLogger();
    logger.info({ response: { body: [{ ...PERSONAL }] } }, "list under a body");
    logger.info({ a: { b: { c: { ...PERSONAL } } } }, "three levels");
    expectNoneWritten(lines);
  });

  it("shows that a value was there, redacted", () => {
    const { logger, entries } = captureLogger();
    logger.info({ customer: { email: PERSONAL.email, id: "cst_1" } }, "redacted");
    expect(entries()[0]?.customer).toEqual({ email: "[redacted]", id: "cst_1" });
  });

  it("names a logged error's class, whether or not it held something to redact", () => {
    const { logger, entries } = captureLogger();
    class KeySetUnavailableError extends Error {
      override readonly name = "KeySetUnavailableError";
      readonly email = PERSONAL.email;
    }
    logger.warn({ err: new KeySetUnavailableError("the key set was never fetched") }, "with personal data");
    logger.warn({ err: new RangeError("out of range") }, "without");
    expect(entries().map(({ err }) => err)).toEqual([
      expect.objectContaining({ type: "KeySetUnavailableError", message: "the key set was never fetched", email: "[redacted]" }),
      expect.objectContaining({ type: "RangeError", message: "out of range" }),
    ]);
  });

  it("writes no secret key or token", () => {
    const { logger, lines } = captureLogger();
    logger.info({ credentials: { shopId: "361", secretKey: "do-not-log-me" }, token: "do-not-log-me-either" }, "secrets");
    expect(lines[0]).not.toContain("do-not-log-me");
  });
});
