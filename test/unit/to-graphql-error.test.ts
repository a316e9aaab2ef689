import { GraphQLError } from "graphql";
import { describe, expect, it } from "vitest";
import {
  type BepaidCall,
  BepaidBadResponseError,
  BepaidConnectionError,
  BepaidHttpError,
  BepaidError,
  BepaidTimeoutError,
} from "../../src/bepaid/errors.js";
import { badUserInput, toGraphQLError } from "../../src/errors/to-graphql-error.js";

const GET: BepaidCall = { method: "GET", endpoint: "/customers/:id" };
const POST: BepaidCall = { method: "POST", endpoint: "/customers" };

/** A bePaid answer with `status` and a JSON (or, for `undefined`, an HTML) body. */
function answered(status: number, body?: unknown, extra: { requestId?: string; retryAfter?: number } = {}) {
  return new BepaidHttpError(status, POST, { body, ...extra });
}

const DOCS_422 = {
  message: "Ip address is invalid. Ip can't be blank",
  errors: { ip: ["address is invalid", "can't be blank"] },
};

describe("toGraphQLError for bePaid's 422", () => {
  it("keeps bePaid's message verbatim and lists each message under its input", () => {
    const error = toGraphQLError(answered(422, DOCS_422));
    expect(error).toBeInstanceOf(GraphQLError);
    expect(error.message).toBe("Ip address is invalid. Ip can't be blank");
    expect(error.extensions).toEqual({
      code: "BAD_USER_INPUT",
      fieldErrors: [{ field: "ip", path: ["input", "ip"], messages: ["address is invalid", "can't be blank"] }],
    });
  });

  it("reads nested errors into dotted fields", () => {
    const error = toGraphQLError(
      answered(422, {
        message: "Billing address city can't be blank",
        errors: { billing_address: { city: ["can't be blank"] }, amount: ["must be greater than 0"] },
      }),
    );
    expect(error.extensions.code).toBe("BAD_USER_INPUT");
    expect(error.extensions.fieldErrors).toEqual([
      { field: "billingAddress.city", path: ["input", "billingAddress", "city"], messages: ["can't be blank"] },
      { field: "amount", path: ["input", "amount"], messages: ["must be greater than 0"] },
    ]);
  });

  it("puts base errors on no field", () => {
    const error = toGraphQLError(answered(422, { message: "Shop is inactive", errors: { base: ["Shop is inactive"] } }));
    expect(error.message).toBe("Shop is inactive");
    expect(error.extensions.fieldErrors).toEqual([{ field: null, path: null, messages: ["Shop is inactive"] }]);
  });

  it("reads a body wrapped as {response: ...} the same way", () => {
    const plain = toGraphQLError(answered(422, DOCS_422));
    const wrapped = toGraphQLError(answered(422, { response: DOCS_422 }));
    expect(wrapped.message).toBe(plain.message);
    expect(wrapped.extensions).toEqual(plain.extensions);
  });

  it("keeps a message that came with no per-field errors as a base field error", () => {
    const error = toGraphQLError(answered(422, { message: "Customer already exists" }));
    expect(error.message).toBe("Customer already exists");
    expect(error.extensions).toEqual({
      code: "BAD_USER_INPUT",
      fieldErrors: [{ field: null, path: null, messages: ["Customer already exists"] }],
    });
  });
});

describe("toGraphQLError for refused credentials", () => {
  it.each([401, 403])("answers UNAUTHENTICATED to a %i", (status) => {
    const error = toGraphQLError(answered(status, { message: "Unauthorized" }));
    expect(error.extensions).toEqual({ code: "UNAUTHENTICATED" });
    expect(error.message).toBe("bePaid refused the credentials.");
  });
});

describe("toGraphQLError for rate limiting", () => {
  it("answers RATE_LIMITED with retryAfter when bePaid gave Retry-After", () => {
    const error = toGraphQLError(answered(429, undefined, { retryAfter: 30 }));
    expect(error.extensions).toEqual({ code: "RATE_LIMITED", retryAfter: 30 });
    expect(error.message).toBe("bePaid is rate limiting; retry in 30 s.");
  });

  it("answers RATE_LIMITED with no retryAfter when bePaid gave none", () => {
    const error = toGraphQLError(answered(429, undefined));
    expect(error.extensions).toEqual({ code: "RATE_LIMITED" });
    expect(error.extensions).not.toHaveProperty("retryAfter");
    expect(error.message).toBe("bePaid is rate limiting; retry later.");
  });
});

describe("toGraphQLError for an unavailable bePaid", () => {
  it.each([
    [500, { message: "Internal error" }],
    [503, { message: "Maintenance" }],
    [502, undefined],
    [504, undefined],
  ])("answers UPSTREAM_UNAVAILABLE with upstreamStatus to a read's %i", (status, body) => {
    const error = toGraphQLError(new BepaidHttpError(status, GET, { body }));
    expect(error.extensions).toEqual({ code: "UPSTREAM_UNAVAILABLE", upstreamStatus: status });
    expect(error.message).toBe(`bePaid is unavailable (HTTP ${status}).`);
  });

  it("answers UPSTREAM_UNAVAILABLE with upstreamStatus to a create's 503: bePaid did not take it", () => {
    expect(toGraphQLError(answered(503, { message: "Maintenance" })).extensions).toEqual({ code: "UPSTREAM_UNAVAILABLE", upstreamStatus: 503 });
  });

  it.each([500, 502, 504])("answers UPSTREAM_OUTCOME_UNKNOWN with upstreamStatus to a create's %i: it may have been carried out", (status) => {
    const error = toGraphQLError(answered(status, undefined));
    expect(error.extensions).toEqual({ code: "UPSTREAM_OUTCOME_UNKNOWN", upstreamStatus: status });
    expect(error.message).toBe(
      `bePaid answered the create with HTTP ${status}: the customer may or may not exist. Look it up before creating it again.`,
    );
  });

  it("does not pass bePaid's error body on", () => {
    const error = toGraphQLError(answered(500, { message: "db at 10.0.0.7 is down", secret: "x" }));
    expect(error.message).not.toContain("10.0.0.7");
    expect(JSON.stringify(error.extensions)).not.toContain("10.0.0.7");
  });
});

describe("toGraphQLError for lost answers", () => {
  it("answers UPSTREAM_TIMEOUT to a read that timed out", () => {
    const error = toGraphQLError(new BepaidTimeoutError(GET));
    expect(error.extensions).toEqual({ code: "UPSTREAM_TIMEOUT" });
    expect(error.message).toBe("bePaid did not answer in time.");
  });

  it("answers UPSTREAM_OUTCOME_UNKNOWN to a create that timed out", () => {
    const error = toGraphQLError(new BepaidTimeoutError(POST));
    expect(error.extensions).toEqual({ code: "UPSTREAM_OUTCOME_UNKNOWN" });
    expect(error.extensions).not.toHaveProperty("upstreamStatus");
    expect(error.message).toBe(
      "bePaid's answer to the create was lost: the customer may or may not exist. Look it up before creating it again.",
    );
  });

  it("answers UPSTREAM_OUTCOME_UNKNOWN to a create whose connection failed after it may have arrived", () => {
    expect(toGraphQLError(new BepaidConnectionError(POST, true)).extensions).toEqual({ code: "UPSTREAM_OUTCOME_UNKNOWN" });
  });

  it("answers UPSTREAM_UNAVAILABLE to a create whose connection failed before it could arrive", () => {
    expect(toGraphQLError(new BepaidConnectionError(POST, false)).extensions).toEqual({ code: "UPSTREAM_UNAVAILABLE" });
  });

  it("answers UPSTREAM_UNAVAILABLE to a read whose connection failed", () => {
    expect(toGraphQLError(new BepaidConnectionError(GET, true)).extensions).toEqual({ code: "UPSTREAM_UNAVAILABLE" });
  });
});

describe("toGraphQLError for an unreadable answer", () => {
  it("answers UPSTREAM_BAD_RESPONSE without saying what the body held", () => {
    const error = toGraphQLError(new BepaidBadResponseError(GET, 'expected "email" to be a non-empty string, got a number'));
    expect(error.extensions).toEqual({ code: "UPSTREAM_BAD_RESPONSE" });
  });
});

describe("toGraphQLError for a failure of a kind it does not name", () => {
  class SomeNewFailure extends BepaidError {
    constructor() {
      super("a failure added to the client later", GET);
    }
  }

  it("answers UPSTREAM_UNAVAILABLE, saying bePaid could not be reached", () => {
    const error = toGraphQLError(new SomeNewFailure());
    expect(error.extensions).toEqual({ code: "UPSTREAM_UNAVAILABLE" });
    expect(error.message).toBe("bePaid could not be reached.");
  });
});

describe("toGraphQLError in general", () => {
  const everyKind: [string, BepaidError][] = [
    ["422", answered(422, DOCS_422, { requestId: "req-422" })],
    ["401", answered(401, undefined, { requestId: "req-401" })],
    ["429", answered(429, undefined, { requestId: "req-429", retryAfter: 5 })],
    ["503", answered(503, undefined, { requestId: "req-503" })],
    ["a read timeout", new BepaidTimeoutError(GET)],
    ["a create timeout", new BepaidTimeoutError(POST)],
    ["a connection failure", new BepaidConnectionError(GET, false)],
    ["a bad response", new BepaidBadResponseError(GET, "the body is not JSON", "req-bad")],
    ["a bad response with no request id", new BepaidBadResponseError(GET, "the body is not JSON")],
  ];

  it.each(everyKind)("carries upstreamRequestId exactly when bePaid sent one (%s)", (_, bepaidError) => {
    const { extensions } = toGraphQLError(bepaidError);
    if (bepaidError.requestId === undefined) expect(extensions).not.toHaveProperty("upstreamRequestId");
    else expect(extensions.upstreamRequestId).toBe(bepaidError.requestId);
  });

  it.each(everyKind)("says nothing of bePaid's URL (%s)", (_, bepaidError) => {
    const { message } = toGraphQLError(bepaidError);
    expect(message).not.toMatch(/https?:\/\//);
    expect(message).not.toContain("/customers");
  });

  it.each(everyKind)("keeps the bePaid error as the original error for the log (%s)", (_, bepaidError) => {
    expect(toGraphQLError(bepaidError).originalError).toBe(bepaidError);
  });
});

describe("badUserInput", () => {
  it("makes the same error as bePaid's 422 for the same errors", () => {
    const own = badUserInput({ ip: ["address is invalid", "can't be blank"] });
    const upstream = toGraphQLError(answered(422, DOCS_422));
    expect(own.message).toBe(upstream.message);
    expect(own.extensions).toEqual(upstream.extensions);
  });

  it("names fields as GraphQL does and writes Rails' full messages", () => {
    const error = badUserInput({ email: ["can't be blank"], external_id: ["is too long (maximum is 255 characters)"] });
    expect(error.message).toBe("Email can't be blank. External id is too long (maximum is 255 characters)");
    expect(error.extensions).toEqual({
      code: "BAD_USER_INPUT",
      fieldErrors: [
        { field: "email", path: ["input", "email"], messages: ["can't be blank"] },
        { field: "externalId", path: ["input", "externalId"], messages: ["is too long (maximum is 255 characters)"] },
      ],
    });
  });
});

describe("a 422 without bePaid's message", () => {
  it("names each message's input in the message it builds, so nothing reads as a bare fragment", () => {
    const error = new BepaidHttpError(422, { method: "POST", endpoint: "/customers" }, {
      body: { errors: { first_name: ["is too long (maximum is 30 characters)"], base: ["Shop is blocked"] } },
    });
    expect(toGraphQLError(error).message).toBe("firstName is too long (maximum is 30 characters). Shop is blocked");
  });

  it("says bePaid refused the input when it gave nothing to go on", () => {
    const error = new BepaidHttpError(422, { method: "POST", endpoint: "/customers" }, { body: undefined });
    const { message, extensions } = toGraphQLError(error);
    expect(message).toBe("bePaid refused the input.");
    expect(extensions.fieldErrors).toEqual([{ field: null, path: null, messages: ["bePaid refused the input."] }]);
  });
});

describe("a 422 whose errors are not a map of inputs", () => {
  it("keeps a bare string of errors as the message, rather than dropping bePaid's words", () => {
    const { message, extensions } = toGraphQLError(answered(422, { errors: "Shop is inactive" }));
    expect(message).toBe("Shop is inactive");
    expect(extensions.fieldErrors).toEqual([{ field: null, path: null, messages: ["Shop is inactive"] }]);
  });
});

describe("a 400 from bePaid", () => {
  it("reads a 400 that lists errors as bePaid's refusal of the input, like a 422", () => {
    const error = toGraphQLError(answered(400, DOCS_422));
    expect(error.message).toBe(DOCS_422.message);
    expect(error.extensions).toEqual(toGraphQLError(answered(422, DOCS_422)).extensions);
  });

  it.each([
    ["a message and no errors", { message: "Bad request" }],
    ["an HTML page", undefined],
  ])("answers a 400 with %s as UPSTREAM_UNAVAILABLE: nothing in it is about the input", (_, body) => {
    expect(toGraphQLError(answered(400, body)).extensions).toEqual({ code: "UPSTREAM_UNAVAILABLE", upstreamStatus: 400 });
  });

  it("does not take errors listed in a 500 for the caller's input", () => {
    const error = toGraphQLError(new BepaidHttpError(500, GET, { body: DOCS_422 }));
    expect(error.extensions).toEqual({ code: "UPSTREAM_UNAVAILABLE", upstreamStatus: 500 });
  });
});

describe("a 422 body of an unusual shape", () => {
  it("builds the message from the field errors when bePaid's message is empty", () => {
    const error = toGraphQLError(answered(422, { message: "", errors: { ip: ["can't be blank"] } }));
    expect(error.message).toBe("ip can't be blank");
  });

  it("reads a JSON null body as no body", () => {
    expect(toGraphQLError(answered(422, null)).message).toBe("bePaid refused the input.");
  });

  it("reads a body whose response is null as the body itself", () => {
    expect(toGraphQLError(answered(422, { response: null, message: "Customer already exists" })).message).toBe("Customer already exists");
  });

  it("reads the top-level errors when a body carries both errors and a response", () => {
    const error = toGraphQLError(answered(422, { ...DOCS_422, response: { message: "wrapped", errors: { email: ["is invalid"] } } }));
    expect(error.message).toBe(DOCS_422.message);
    expect(error.extensions.fieldErrors).toEqual([{ field: "ip", path: ["input", "ip"], messages: ["address is invalid", "can't be blank"] }]);
  });
});
