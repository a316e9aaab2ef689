/**
 * Every `extensions.code` a caller can ever see, in one closed list. A code that is not here
 * does not compile: {@link GatewayError} takes only an {@link ErrorCode}. The README's error
 * table and the contract list the same codes with when each is used.
 */
export const ErrorCode = {
  // What a bePaid call ended in (src/errors/to-graphql-error.ts), and the caller's own input.
  /** bePaid responded 422, or the gateway's own check of the input failed (`fieldErrors`). */
  BAD_USER_INPUT: "BAD_USER_INPUT",
  /** No usable credentials (HTTP 401, bePaid not called), or bePaid refused them (401/403). */
  UNAUTHENTICATED: "UNAUTHENTICATED",
  /** The caller's access token lacks the field's scope (`requiredScope`). */
  FORBIDDEN: "FORBIDDEN",
  /** bePaid responded 429, or the caller went over its own rate limit (`retryAfter`). */
  RATE_LIMITED: "RATE_LIMITED",
  /** A read got no response within the timeout, after retries. */
  UPSTREAM_TIMEOUT: "UPSTREAM_TIMEOUT",
  /** A create was sent and its response was lost or was a 500, 502 or 504: it may exist. */
  UPSTREAM_OUTCOME_UNKNOWN: "UPSTREAM_OUTCOME_UNKNOWN",
  /** A read's 5xx, a create's 503, a refused connection, an HTML error page, breaker or overload. */
  UPSTREAM_UNAVAILABLE: "UPSTREAM_UNAVAILABLE",
  /** 2xx with a body that is not the JSON expected, or larger than the cap. */
  UPSTREAM_BAD_RESPONSE: "UPSTREAM_BAD_RESPONSE",

  // Safe creates (src/idempotency/).
  /** `Idempotency-Key` is not 1-255 printable ASCII characters. */
  IDEMPOTENCY_KEY_INVALID: "IDEMPOTENCY_KEY_INVALID",
  /** The key was first used with another input. */
  IDEMPOTENCY_KEY_REUSED: "IDEMPOTENCY_KEY_REUSED",
  /** The first create with this key is still running. */
  IDEMPOTENCY_KEY_IN_USE: "IDEMPOTENCY_KEY_IN_USE",
  /** A create with a key while the shared store is unreachable; bePaid not called. */
  IDEMPOTENCY_UNAVAILABLE: "IDEMPOTENCY_UNAVAILABLE",

  // Callers and documents (src/auth/, src/documents/).
  /** The access tokens' key set (JWKS) cannot be fetched and no cached key fits (HTTP 503). */
  AUTH_UNAVAILABLE: "AUTH_UNAVAILABLE",
  /** A document id that no trusted-documents manifest (nor Apollo's APQ cache) holds. */
  PERSISTED_QUERY_NOT_FOUND: "PERSISTED_QUERY_NOT_FOUND",
  /** Document text that is not in a manifest while only trusted documents may run. */
  PERSISTED_QUERY_NOT_ALLOWED: "PERSISTED_QUERY_NOT_ALLOWED",

  // Refusals the gateway writes itself, before GraphQL runs (src/http/).
  /** A malformed HTTP request (body not JSON, a batch, a header too large). */
  BAD_REQUEST: "BAD_REQUEST",
  /** A path other than `/graphql`, the health routes and `/metrics`. */
  NOT_FOUND: "NOT_FOUND",
  /** A request body over 1 MB (HTTP 413). */
  PAYLOAD_TOO_LARGE: "PAYLOAD_TOO_LARGE",
  /** The caller accepts no media type the gateway can respond with (HTTP 406). */
  NOT_ACCEPTABLE: "NOT_ACCEPTABLE",
  /** A method other than GET and POST on `/graphql`, or a mutation by GET (HTTP 405). */
  METHOD_NOT_ALLOWED: "METHOD_NOT_ALLOWED",
  /** The request's headers passed Node's limit (HTTP 431). */
  HEADERS_TOO_LARGE: "HEADERS_TOO_LARGE",
  /** The request did not arrive whole within the request timeout (HTTP 408). */
  REQUEST_TIMEOUT: "REQUEST_TIMEOUT",
  /** SIGTERM came: new operations are refused while in-flight ones finish (HTTP 503). */
  SHUTTING_DOWN: "SHUTTING_DOWN",

  // Apollo Server's own request errors, passed through as Apollo sets them.
  /** The document does not parse, or has more tokens than allowed. */
  GRAPHQL_PARSE_FAILED: "GRAPHQL_PARSE_FAILED",
  /** The document fails validation or an operation limit. */
  GRAPHQL_VALIDATION_FAILED: "GRAPHQL_VALIDATION_FAILED",
  /** `operationName` names no operation of the document. */
  OPERATION_RESOLUTION_FAILURE: "OPERATION_RESOLUTION_FAILURE",
  /** Apollo's automatic persisted queries are off. */
  PERSISTED_QUERY_NOT_SUPPORTED: "PERSISTED_QUERY_NOT_SUPPORTED",

  /** Anything unexpected; the details stay in the server log. */
  INTERNAL_SERVER_ERROR: "INTERNAL_SERVER_ERROR",
} as const satisfies { [code: string]: string };

/** One of {@link ErrorCode}'s values: the only strings `extensions.code` ever holds. */
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

const KNOWN: ReadonlySet<string> = new Set(Object.values(ErrorCode));

/** Narrows a string read from elsewhere (a stored outcome, Apollo's error) to a known code. */
export function isErrorCode(value: unknown): value is ErrorCode {
  // Stryker disable next-line ConditionalExpression: equivalent, a Set of strings holds no other type (the check narrows the type).
  return typeof value === "string" && KNOWN.has(value);
}
