import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import { CreateCustomerDocument, CustomerDocument, CustomersDocument } from "../generated/graphql.js";
import { useStack } from "../helpers/stack.js";

const JOHN = "cst_5ca4fab9dfc7fcbf";
const NEW_CUSTOMER = { email: "new@example.com", ip: "10.1.1.1", firstName: "Grace" };
const HTML_PAGE = "<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>";

/** A JSON list of customers as bePaid sends it, within 200 bytes under `bytes`. */
function listOf(bytes: number): string {
  const customer = JSON.stringify({ id: JOHN, email: "customer@example.com", ip: "127.0.0.1", address: "1st Street" });
  return `[${Array.from({ length: Math.floor((bytes - 2) / (customer.length + 1)) }, () => customer).join(",")}]`;
}

/** Every row of the contract's error table, as a caller sees it over HTTP. */
describe("errors per the contract's table", () => {
  const stack = useStack({ env: { BEPAID_RETRIES: "2" } });

  const createOnce = () => stack.execute(CreateCustomerDocument, { input: NEW_CUSTOMER });
  const lastRequestId = () => stack.sandbox.calls.at(-1)?.requestId;

  describe("BAD_USER_INPUT", () => {
    it("keeps bePaid's 422 message verbatim and lists each message under its input", async () => {
      const { body } = await stack.execute(CreateCustomerDocument, {
        input: { email: "x@example.com", ip: "10.0.0.1", country: "US", zip: "ABCDE", state: "CO" },
      });
      expect(body.data).toEqual({ createCustomer: null });
      expect(body.errors).toEqual([
        {
          message: "Zip is invalid",
          locations: [{ line: 2, column: 3 }],
          path: ["createCustomer"],
          extensions: {
            code: "BAD_USER_INPUT",
            fieldErrors: [{ field: "zip", path: ["input", "zip"], messages: ["is invalid"] }],
            upstreamRequestId: lastRequestId(),
          },
        },
      ]);
    });

    it("reads nested, base and camelCased errors wrapped in a response object", async () => {
      stack.sandbox.faults.push({
        match: { method: "POST" },
        action: {
          kind: "respond",
          status: 422,
          body: {
            response: {
              message: "Billing address city can't be blank. First name is too long. Currency is invalid",
              errors: {
                billing_address: { city: ["can't be blank"] },
                first_name: ["is too long (maximum is 30 characters)"],
                base: ["Currency is invalid"],
              },
            },
          },
        },
      });
      const { body } = await createOnce();
      expect(body.errors?.[0]?.message).toBe("Billing address city can't be blank. First name is too long. Currency is invalid");
      expect(body.errors?.[0]?.extensions?.fieldErrors).toEqual([
        { field: "billingAddress.city", path: ["input", "billingAddress", "city"], messages: ["can't be blank"] },
        { field: "firstName", path: ["input", "firstName"], messages: ["is too long (maximum is 30 characters)"] },
        { field: null, path: null, messages: ["Currency is invalid"] },
      ]);
    });

    it("answers the gateway's own check in the same shape, without calling bePaid", async () => {
      const { body } = await stack.execute(CreateCustomerDocument, { input: { email: "x@example.com", ip: "" } });
      expect(body.errors?.[0]).toMatchObject({
        message: "Ip address is invalid. Ip can't be blank",
        path: ["createCustomer"],
        extensions: {
          code: "BAD_USER_INPUT",
          fieldErrors: [{ field: "ip", path: ["input", "ip"], messages: ["address is invalid", "can't be blank"] }],
        },
      });
      expect(stack.upstreamCalls()).toBe(0);
    });
  });

  describe("UNAUTHENTICATED", () => {
    it.each([401, 403])("is what a bePaid %i means", async (status) => {
      stack.sandbox.faults.push({ action: { kind: "respond", status, body: { message: "Invalid shop_id/secret_key." } } });
      const { body } = await stack.execute(CustomersDocument);
      expect(body.errors?.[0]).toMatchObject({ path: ["customers"], extensions: { code: "UNAUTHENTICATED" } });
      expect(body.errors?.[0]?.message).not.toContain("secret");
      expect(stack.upstreamCalls()).toBe(1);
    });
  });

  describe("RATE_LIMITED", () => {
    it("passes bePaid's Retry-After on when it is longer than the gateway waits", async () => {
      stack.sandbox.faults.push({ action: { kind: "respond", status: 429, headers: { "Retry-After": "60" } } });
      const { body } = await stack.execute(CustomerDocument, { id: JOHN });
      expect(body.errors?.[0]?.extensions).toEqual({ code: "RATE_LIMITED", retryAfter: 60, upstreamRequestId: lastRequestId() });
      expect(stack.upstreamCalls()).toBe(1);
    });

    it("retries a read after a short Retry-After and succeeds", async () => {
      stack.sandbox.faults.push({ action: { kind: "respond", status: 429, headers: { "Retry-After": "0" } } });
      const { body } = await stack.execute(CustomerDocument, { id: JOHN });
      expect(body.errors).toBeUndefined();
      expect(body.data?.customer?.id).toBe(JOHN);
      expect(stack.upstreamCalls()).toBe(2);
    });

    it("gives up after the retries when bePaid keeps refusing, with no retryAfter when none was given", async () => {
      stack.sandbox.faults.push({ times: Infinity, action: { kind: "respond", status: 429 } });
      const { body } = await stack.execute(CustomersDocument);
      expect(body.errors?.[0]?.extensions).toEqual({ code: "RATE_LIMITED", upstreamRequestId: lastRequestId() });
      expect(stack.upstreamCalls()).toBe(3);
    });

    it("never resends a create", async () => {
      stack.sandbox.faults.push({ action: { kind: "respond", status: 429, headers: { "Retry-After": "0" } } });
      const { body } = await createOnce();
      expect(body.errors?.[0]?.extensions?.code).toBe("RATE_LIMITED");
      expect(stack.upstreamCalls("POST")).toBe(1);
    });
  });

  describe("UPSTREAM_TIMEOUT", () => {
    it("is a read that got no answer in any of its attempts", async () => {
      stack.sandbox.faults.push({ times: Infinity, action: { kind: "hang" } });
      const { body } = await stack.execute(CustomerDocument, { id: JOHN });
      expect(body).toMatchObject({ data: { customer: null } });
      expect(body.errors?.[0]).toMatchObject({ path: ["customer"], extensions: { code: "UPSTREAM_TIMEOUT" } });
      expect(stack.upstreamCalls()).toBe(3);
    });

    it("is a read whose body stalls after the headers, on every attempt", async () => {
      stack.sandbox.faults.push({ times: Infinity, action: { kind: "stallBody" } });
      const { body } = await stack.execute(CustomerDocument, { id: JOHN });
      expect(body.errors?.[0]?.extensions).toEqual({ code: "UPSTREAM_TIMEOUT" });
      expect(stack.upstreamCalls()).toBe(3);
    });

    it("is a read whose body keeps trickling in: the timeout bounds the whole answer, not the wait between bytes", async () => {
      stack.sandbox.faults.push({ times: Infinity, action: { kind: "endlessBody", everyMs: 20 } });
      const { body } = await stack.execute(CustomersDocument);
      expect(body.errors?.[0]?.extensions).toEqual({ code: "UPSTREAM_TIMEOUT" });
      expect(stack.upstreamCalls()).toBe(3);
    });

    it("recovers when a later attempt answers", async () => {
      stack.sandbox.faults.push({ action: { kind: "delay", ms: 2_000 } });
      const { body } = await stack.execute(CustomersDocument);
      expect(body.errors).toBeUndefined();
      expect(stack.upstreamCalls()).toBe(2);
    });
  });

  describe("UPSTREAM_OUTCOME_UNKNOWN", () => {
    it("is a create whose answer was lost after bePaid made the customer, sent once", async () => {
      stack.sandbox.faults.push({ match: { method: "POST" }, action: { kind: "handleThenReset" } });
      const { body } = await createOnce();
      expect(body.data).toEqual({ createCustomer: null });
      expect(body.errors?.[0]).toMatchObject({ path: ["createCustomer"], extensions: { code: "UPSTREAM_OUTCOME_UNKNOWN" } });
      expect(stack.upstreamCalls("POST")).toBe(1);
      // It did happen: the caller is right to look before creating again.
      const list = await stack.execute(CustomersDocument);
      expect(list.body.data?.customers.map((customer) => customer.email)).toContain(NEW_CUSTOMER.email);
    });

    it("is a create whose answer's body stalled, sent once", async () => {
      stack.sandbox.faults.push({ match: { method: "POST" }, action: { kind: "stallBody" } });
      const { body } = await createOnce();
      expect(body.errors?.[0]?.extensions?.code).toBe("UPSTREAM_OUTCOME_UNKNOWN");
      expect(stack.upstreamCalls("POST")).toBe(1);
    });

    it.each([500, 502, 504])("is a create answered %i, with its status, sent once: it may have been carried out", async (status) => {
      stack.sandbox.faults.push({ match: { method: "POST" }, action: { kind: "respond", status, body: HTML_PAGE } });
      const { body } = await createOnce();
      expect(body.data).toEqual({ createCustomer: null });
      expect(body.errors?.[0]).toMatchObject({
        path: ["createCustomer"],
        message: expect.stringMatching(/may or may not exist/),
      });
      expect(body.errors?.[0]?.extensions).toEqual({
        code: "UPSTREAM_OUTCOME_UNKNOWN",
        upstreamStatus: status,
        upstreamRequestId: lastRequestId(),
      });
      expect(stack.upstreamCalls("POST")).toBe(1);
    });

    it("is a create that got no answer in time, sent once", async () => {
      stack.sandbox.faults.push({ match: { method: "POST" }, action: { kind: "hang" } });
      const { body } = await createOnce();
      expect(body.errors?.[0]?.extensions?.code).toBe("UPSTREAM_OUTCOME_UNKNOWN");
      expect(stack.upstreamCalls("POST")).toBe(1);
    });
  });

  describe("UPSTREAM_UNAVAILABLE", () => {
    it("is a 5xx that lasted through the retries, with its status", async () => {
      stack.sandbox.faults.push({ times: Infinity, action: { kind: "respond", status: 503, body: { message: "down" } } });
      const { body } = await stack.execute(CustomersDocument);
      expect(body.errors?.[0]?.extensions).toEqual({
        code: "UPSTREAM_UNAVAILABLE",
        upstreamStatus: 503,
        upstreamRequestId: lastRequestId(),
      });
      expect(stack.upstreamCalls()).toBe(3);
    });

    it("is an HTML error page, whose content never reaches the caller", async () => {
      stack.sandbox.faults.push({
        times: Infinity,
        action: { kind: "respond", status: 502, body: HTML_PAGE, headers: { "content-type": "text/html" } },
      });
      const { body } = await stack.execute(CustomerDocument, { id: JOHN });
      expect(body.errors?.[0]?.extensions).toMatchObject({ code: "UPSTREAM_UNAVAILABLE", upstreamStatus: 502 });
      expect(JSON.stringify(body)).not.toContain("Bad Gateway</");
    });

    it("is a connection reset on every attempt of a read", async () => {
      stack.sandbox.faults.push({ times: Infinity, action: { kind: "reset" } });
      const { body } = await stack.execute(CustomersDocument);
      expect(body.errors?.[0]?.extensions).toEqual({ code: "UPSTREAM_UNAVAILABLE" });
      expect(stack.upstreamCalls()).toBe(3);
    });

    it("is a create answered 503: bePaid said it did not take the request, and it is never resent", async () => {
      stack.sandbox.faults.push({ match: { method: "POST" }, action: { kind: "respond", status: 503 } });
      const { body } = await createOnce();
      expect(body.errors?.[0]?.extensions).toEqual({ code: "UPSTREAM_UNAVAILABLE", upstreamStatus: 503, upstreamRequestId: lastRequestId() });
      expect(stack.upstreamCalls("POST")).toBe(1);
    });
  });

  describe("UPSTREAM_BAD_RESPONSE", () => {
    it.each([
      ["truncated JSON", '{"id":"cst_5ca4fab9dfc7fcbf","email":"customer@exa'],
      ["an HTML page", HTML_PAGE],
      ["a customer without an email", { id: JOHN, ip: "127.0.0.1" }],
    ])("is a 2xx read answered with %s", async (_, answer) => {
      stack.sandbox.faults.push({ action: { kind: "respond", status: 200, body: answer } });
      const { body } = await stack.execute(CustomerDocument, { id: JOHN });
      expect(body.errors?.[0]).toMatchObject({
        message: "bePaid sent an answer the gateway could not read.",
        extensions: { code: "UPSTREAM_BAD_RESPONSE", upstreamRequestId: lastRequestId() },
      });
      expect(stack.upstreamCalls()).toBe(1);
    });

    it("is a list that is not an array", async () => {
      stack.sandbox.faults.push({ action: { kind: "respond", status: 200, body: { customers: [] } } });
      const { body } = await stack.execute(CustomersDocument);
      expect(body.data).toBeNull();
      expect(body.errors?.[0]?.extensions?.code).toBe("UPSTREAM_BAD_RESPONSE");
    });
  });

  it("never shows the caller bePaid's URL, the credentials or a stack trace", async () => {
    stack.sandbox.faults.push({ times: Infinity, action: { kind: "respond", status: 500, body: "<pre>trace at /app</pre>" } });
    const { body } = await stack.execute(CustomerDocument, { id: JOHN });
    const text = JSON.stringify(body);
    expect(text).not.toContain(new URL(stack.sandbox.url).host);
    expect(text).not.toContain("sandbox-demo-secret");
    expect(text).not.toContain("stacktrace");
    expect(text).not.toContain("trace at");
  });
});

describe("answers over BEPAID_MAX_RESPONSE_BYTES (8 MiB by default)", () => {
  // A patient timeout: writing 10 MB in the sandbox, in this same process, can hold the event loop.
  const stack = useStack({ env: { BEPAID_RETRIES: "2", BEPAID_TIMEOUT_MS: "10000" } });
  const TEN_MB = 10 * 1024 * 1024;

  it("makes a 10 MB answer UPSTREAM_BAD_RESPONSE, never passed on and never asked for again", async () => {
    const customer = JSON.stringify({ id: JOHN, email: "customer@example.com", ip: "127.0.0.1", address: "x".repeat(TEN_MB) });
    stack.sandbox.faults.push({ times: Infinity, action: { kind: "respond", status: 200, body: customer } });
    const { body } = await stack.execute(CustomerDocument, { id: JOHN });
    expect(body.data).toEqual({ customer: null });
    expect(body.errors?.[0]).toMatchObject({
      message: "bePaid sent an answer the gateway could not read.",
      path: ["customer"],
      extensions: { code: "UPSTREAM_BAD_RESPONSE", upstreamRequestId: stack.sandbox.calls.at(-1)?.requestId },
    });
    expect(stack.upstreamCalls()).toBe(1);
  });

  it("reads a list over it: the list call has its own cap, BEPAID_MAX_LIST_BYTES (64 MiB by default)", async () => {
    stack.sandbox.faults.push({ action: { kind: "respond", status: 200, body: listOf(9 * 1024 * 1024) } });
    const { body } = await stack.query("{ customers { id } }");
    expect(body.errors).toBeUndefined();
    expect(body.data?.customers.length).toBeGreaterThan(90_000);
  });

  it("stops reading a body that never ends once it passes the cap: UPSTREAM_BAD_RESPONSE, not a timeout", async () => {
    stack.sandbox.faults.push({ times: Infinity, action: { kind: "endlessBody" } });
    const { body } = await stack.execute(CustomerDocument, { id: JOHN });
    expect(body.errors?.[0]?.extensions).toEqual({ code: "UPSTREAM_BAD_RESPONSE", upstreamRequestId: stack.sandbox.calls.at(-1)?.requestId });
    expect(stack.upstreamCalls()).toBe(1);
  });

  it("keeps the status of an error page over the cap: a create answered 502 is still UPSTREAM_OUTCOME_UNKNOWN", async () => {
    const page = `<html><body>${"502 Bad Gateway ".repeat(TEN_MB / 16)}</body></html>`;
    stack.sandbox.faults.push({ match: { method: "POST" }, action: { kind: "respond", status: 502, body: page, headers: { "content-type": "text/html" } } });
    const { body } = await stack.execute(CreateCustomerDocument, { input: NEW_CUSTOMER });
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: "UPSTREAM_OUTCOME_UNKNOWN", upstreamStatus: 502 });
    expect(stack.upstreamCalls("POST")).toBe(1);
  });
});

describe("a BEPAID_MAX_LIST_BYTES of 64 KiB", () => {
  const CAP = 64 * 1024;
  const stack = useStack({ env: { BEPAID_MAX_LIST_BYTES: String(CAP), BEPAID_TIMEOUT_MS: "5000" } });

  it("reads a list just under it", async () => {
    stack.sandbox.faults.push({ action: { kind: "respond", status: 200, body: listOf(CAP - 256) } });
    const { body } = await stack.execute(CustomersDocument);
    expect(body.errors).toBeUndefined();
    expect(body.data?.customers.length).toBeGreaterThan(300);
  });

  it("refuses a list just over it, for customersConnection too", async () => {
    stack.sandbox.faults.push({ times: 2, action: { kind: "respond", status: 200, body: listOf(CAP + 256) } });
    const { body } = await stack.execute(CustomersDocument);
    expect(body.errors?.[0]?.extensions?.code).toBe("UPSTREAM_BAD_RESPONSE");
    const page = await stack.query("{ customersConnection { totalCount } }");
    expect(page.body.errors?.[0]).toMatchObject({ path: ["customersConnection"], extensions: { code: "UPSTREAM_BAD_RESPONSE" } });
  });
});

describe("a BEPAID_MAX_RESPONSE_BYTES of 64 KiB", () => {
  const CAP = 64 * 1024;
  const stack = useStack({ env: { BEPAID_MAX_RESPONSE_BYTES: String(CAP), BEPAID_TIMEOUT_MS: "5000" } });

  it("refuses one customer over it", async () => {
    const customer = JSON.stringify({ id: JOHN, email: "customer@example.com", ip: "127.0.0.1", address: "x".repeat(CAP) });
    stack.sandbox.faults.push({ action: { kind: "respond", status: 200, body: customer } });
    const { body } = await stack.execute(CustomerDocument, { id: JOHN });
    expect(body.errors?.[0]?.extensions?.code).toBe("UPSTREAM_BAD_RESPONSE");
  });

  it("leaves the list to its own cap: a list of twice that is read", async () => {
    stack.sandbox.faults.push({ action: { kind: "respond", status: 200, body: listOf(2 * CAP) } });
    const { body } = await stack.execute(CustomersDocument);
    expect(body.errors).toBeUndefined();
    expect(body.data?.customers.length).toBeGreaterThan(600);
  });
});

describe("a bePaid that cannot be reached", () => {
  const stack = useStack(async () => {
    const closedPort = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, "127.0.0.1", () => {
        const { port } = probe.address() as { port: number };
        probe.close(() => resolve(port));
      });
    });
    return { bepaidUrl: `http://127.0.0.1:${closedPort}` };
  });

  it("makes reads UPSTREAM_UNAVAILABLE", async () => {
    const { body } = await stack.execute(CustomersDocument);
    expect(body.errors?.[0]).toMatchObject({ message: "bePaid could not be reached.", extensions: { code: "UPSTREAM_UNAVAILABLE" } });
  });

  it("makes a create UPSTREAM_UNAVAILABLE, not unknown: a refused connection carried nothing", async () => {
    const { body } = await stack.execute(CreateCustomerDocument, { input: NEW_CUSTOMER });
    expect(body.errors?.[0]?.extensions).toEqual({ code: "UPSTREAM_UNAVAILABLE" });
  });
});
