import { GraphQLError, type GraphQLFormattedError } from "graphql";
import { describe, expect, it } from "vitest";
import { BepaidHttpError, BepaidTimeoutError } from "../../src/bepaid/errors.js";
import { createErrorFormatter } from "../../src/errors/format-error.js";
import { isErrorCode } from "../../src/errors/codes.js";
import { GatewayError } from "../../src/errors/gateway-error.js";
import { badUserInput } from "../../src/errors/to-graphql-error.js";
import { captureLogger } from "../helpers/capture-logger.js";

const PATH = ["createCustomer"];
const LOCATIONS = [{ line: 2, column: 3 }];

/** What graphql-js hands Apollo for `error` thrown in a resolver: located at the field. */
function located(thrown: Error): GraphQLError {
  return new GraphQLError(thrown.message, { path: PATH, originalError: thrown });
}

/** The formatted error Apollo passes to `formatError` alongside the error itself. */
function formatted(error: GraphQLError, extensions: Record<string, unknown> = {}): GraphQLFormattedError {
  return { message: error.message, locations: LOCATIONS, path: PATH, extensions };
}

describe("createErrorFormatter", () => {
  it("turns a bePaid failure into its contract code, at the field that made it", () => {
    const { logger } = captureLogger();
    const bepaidError = new BepaidHttpError(429, { method: "POST", endpoint: "/customers" }, {
      body: undefined,
      requestId: "req-1",
      retryAfter: 7,
    });
    const error = located(bepaidError);

    const result = createErrorFormatter(logger)(
      formatted(error, { code: "INTERNAL_SERVER_ERROR", stacktrace: ["at somewhere"] }),
      error,
    );

    expect(result).toEqual({
      message: expect.any(String),
      locations: LOCATIONS,
      path: PATH,
      extensions: { code: "RATE_LIMITED", retryAfter: 7, upstreamRequestId: "req-1" },
    });
    expect(result.message).not.toContain("/customers");
  });

  it("writes no log line per bePaid failure: the operation's own line carries the call", () => {
    const { logger, lines } = captureLogger();
    const error = located(new BepaidTimeoutError({ method: "GET", endpoint: "/customers/:id" }));
    const result = createErrorFormatter(logger)(formatted(error, { code: "INTERNAL_SERVER_ERROR" }), error);

    expect(result.extensions).toEqual({ code: "UPSTREAM_TIMEOUT" });
    expect(lines).toEqual([]);
  });

  it("lets a GatewayError through by its type, without Apollo's HTTP instructions", () => {
    const { logger, lines } = captureLogger();
    const refusal = new GatewayError("UNAUTHENTICATED", "The bearer token is not valid.", {
      http: { status: 401, headers: { "www-authenticate": "Bearer" } },
    });
    const result = createErrorFormatter(logger)({ message: refusal.message, extensions: { ...refusal.extensions } }, refusal);

    expect(result).toEqual({ message: "The bearer token is not valid.", extensions: { code: "UNAUTHENTICATED" } });
    expect(lines).toEqual([]);
  });

  it("passes the gateway's own coded errors unchanged, without their stack trace", () => {
    const { logger, lines } = captureLogger();
    const error = located(badUserInput({ email: ["can't be blank"] }));
    const extensions = { ...error.extensions, stacktrace: ["GraphQLError: Email can't be blank", "    at check"] };

    const result = createErrorFormatter(logger)(formatted(error, extensions), error);

    expect(result).toEqual({
      message: "Email can't be blank",
      locations: LOCATIONS,
      path: PATH,
      extensions: {
        code: "BAD_USER_INPUT",
        fieldErrors: [{ field: "email", path: ["input", "email"], messages: ["can't be blank"] }],
      },
    });
    expect(lines).toEqual([]);
  });

  it("passes Apollo's request errors with their code", () => {
    const { logger } = captureLogger();
    const error = new GraphQLError('Cannot query field "nope" on type "Query".', { extensions: { code: "GRAPHQL_VALIDATION_FAILED" } });
    const result = createErrorFormatter(logger)(
      { message: error.message, locations: LOCATIONS, extensions: { code: "GRAPHQL_VALIDATION_FAILED", stacktrace: ["x"] } },
      error,
    );
    expect(result).toEqual({
      message: 'Cannot query field "nope" on type "Query".',
      locations: LOCATIONS,
      extensions: { code: "GRAPHQL_VALIDATION_FAILED" },
    });
  });

  it("masks an unexpected error as INTERNAL_SERVER_ERROR with a generic message, and logs it in full", () => {
    const { logger, entries } = captureLogger();
    const error = located(new Error("cannot read properties of undefined (reading 'secretKey')"));

    const result = createErrorFormatter(logger)(
      formatted(error, { code: "INTERNAL_SERVER_ERROR", stacktrace: ["Error: cannot read", "    at resolver"] }),
      error,
    );

    expect(result).toEqual({
      message: expect.any(String),
      locations: LOCATIONS,
      path: PATH,
      extensions: { code: "INTERNAL_SERVER_ERROR" },
    });
    expect(result.message).not.toContain("cannot read");
    const logged = entries();
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ level: 50, msg: "unexpected error", path: PATH });
    expect(JSON.stringify(logged[0])).toContain("cannot read properties of undefined");
  });

  it.each([400, 404, 499])("answers Apollo's codeless refusal of a malformed request (HTTP %i) as BAD_REQUEST, logging nothing", (status) => {
    const { logger, lines } = captureLogger();
    const error = new GraphQLError("provided sha does not match query", { extensions: { http: { status, headers: new Map() } } });
    const result = createErrorFormatter(logger)({ message: error.message, extensions: { code: "INTERNAL_SERVER_ERROR" } }, error);
    expect(result).toEqual({ message: "provided sha does not match query", extensions: { code: "BAD_REQUEST" } });
    expect(lines).toEqual([]);
  });

  it.each([
    ["a 5xx status", new GraphQLError("the cache broke", { extensions: { http: { status: 500 } } })],
    ["a 3xx status", new GraphQLError("odd", { extensions: { http: { status: 399 } } })],
    ["no status", new GraphQLError("odd", { extensions: { http: {} } })],
    ["no http at all", new GraphQLError("odd")],
    ["a status that is no number", new GraphQLError("odd", { extensions: { http: { status: "400" } } })],
    ["a path (raised at a field)", new GraphQLError("odd", { path: PATH, extensions: { http: { status: 400 } } })],
    ["a 4xx status but a code Apollo does not have", new GraphQLError("odd", { extensions: { code: "FORBIDDEN", http: { status: 400 } } })],
  ])("masks an error with %s as INTERNAL_SERVER_ERROR", (_, error) => {
    const { logger, entries } = captureLogger();
    const result = createErrorFormatter(logger)({ message: error.message, extensions: { code: "INTERNAL_SERVER_ERROR" } }, error);
    expect(result.extensions).toEqual({ code: "INTERNAL_SERVER_ERROR" });
    expect(entries()).toEqual([expect.objectContaining({ level: 50 })]);
  });

  it("masks an error raised at a field that claims one of Apollo's request codes", () => {
    const { logger } = captureLogger();
    const error = located(new GraphQLError("select * from customers failed", { extensions: { code: "BAD_USER_INPUT" } }));
    const result = createErrorFormatter(logger)(formatted(error, { code: "BAD_USER_INPUT" }), error);
    expect(result.extensions).toEqual({ code: "INTERNAL_SERVER_ERROR" });
    expect(result.message).toBe("Internal server error.");
  });

  it("masks a request error whose code Apollo does not have", () => {
    const { logger } = captureLogger();
    const error = new GraphQLError("a plugin's detail", { extensions: { code: "FORBIDDEN" } });
    const result = createErrorFormatter(logger)({ message: error.message, extensions: { code: "FORBIDDEN" } }, error);
    expect(result).toEqual({ message: "Internal server error.", extensions: { code: "INTERNAL_SERVER_ERROR" } });
  });

  it("masks a plain GraphQLError that claims a contract code: only a GatewayError may carry one", () => {
    const { logger } = captureLogger();
    const error = located(new GraphQLError("internal detail", { extensions: { code: "FORBIDDEN" } }));
    const result = createErrorFormatter(logger)(formatted(error, { code: "FORBIDDEN" }), error);
    expect(result.extensions).toEqual({ code: "INTERNAL_SERVER_ERROR" });
    expect(result.message).not.toContain("internal detail");
  });

  it("names its errors GatewayError, as ky names its own", () => {
    expect(new GatewayError("FORBIDDEN", "no").name).toBe("GatewayError");
  });

  it("tells a known code from anything else read back (a stored outcome, Apollo's error)", () => {
    expect(isErrorCode("UPSTREAM_OUTCOME_UNKNOWN")).toBe(true);
    expect(isErrorCode("GRAPHQL_PARSE_FAILED")).toBe(true);
    expect(isErrorCode("NOT_A_CODE")).toBe(false);
    expect(isErrorCode(undefined)).toBe(false);
    expect(isErrorCode(404)).toBe(false);
    expect(isErrorCode({ toString: () => "FORBIDDEN" })).toBe(false);
  });

  it("does not compile a code outside the closed list", () => {
    // @ts-expect-error "NOT_A_CODE" is not an ErrorCode: the type-check (CI) fails if this compiles.
    const error = new GatewayError("NOT_A_CODE", "never");
    expect(error.code).toBe("NOT_A_CODE");
  });

  describe("with hideSuggestions (production)", () => {
    const validation = (message: string) => {
      const error = new GraphQLError(message, { extensions: { code: "GRAPHQL_VALIDATION_FAILED" } });
      return [{ message, locations: LOCATIONS, extensions: { code: "GRAPHQL_VALIDATION_FAILED" } }, error] as const;
    };

    it("drops graphql-js's field suggestion from a validation error, which would reveal the schema", () => {
      const { logger } = captureLogger();
      const [shape, error] = validation('Cannot query field "emial" on type "Customer". Did you mean "email"?');
      expect(createErrorFormatter(logger, { hideSuggestions: true })(shape, error)).toEqual({
        message: 'Cannot query field "emial" on type "Customer".',
        locations: LOCATIONS,
        extensions: { code: "GRAPHQL_VALIDATION_FAILED" },
      });
      expect(createErrorFormatter(logger)(shape, error).message).toBe('Cannot query field "emial" on type "Customer". Did you mean "email"?');
    });

    it("leaves every other error's words as they are", () => {
      const { logger } = captureLogger();
      const message = 'Variable "$id" got invalid value 1. Did you mean "a"?';
      const error = new GraphQLError(message, { extensions: { code: "BAD_USER_INPUT" } });
      const result = createErrorFormatter(logger, { hideSuggestions: true })({ message, extensions: { code: "BAD_USER_INPUT" } }, error);
      expect(result.message).toBe(message);
    });
  });
});
