/**
 * The closed list of `extensions.code` values a caller can see on a gateway error
 * (the contract's error table), plus the codes Apollo Server itself emits for
 * requests that never reach a resolver.
 */
export const ErrorCode = {
  /** bePaid answered 422, or the gateway's own check of the input failed. */
  BAD_USER_INPUT: "BAD_USER_INPUT",
  /** No usable credentials, or bePaid refused them (401/403). */
  UNAUTHENTICATED: "UNAUTHENTICATED",
  /** bePaid answered 429. */
  RATE_LIMITED: "RATE_LIMITED",
  /** A read got no answer within the timeout, after retries. */
  UPSTREAM_TIMEOUT: "UPSTREAM_TIMEOUT",
  /** A create was sent and its answer was lost: it may or may not exist. */
  UPSTREAM_OUTCOME_UNKNOWN: "UPSTREAM_OUTCOME_UNKNOWN",
  /** 5xx, refused or reset connection, or an HTML error page, after retries. */
  UPSTREAM_UNAVAILABLE: "UPSTREAM_UNAVAILABLE",
  /** 2xx with a body that is not the JSON expected. */
  UPSTREAM_BAD_RESPONSE: "UPSTREAM_BAD_RESPONSE",
  /** Anything unexpected; the details stay in the server log. */
  INTERNAL_SERVER_ERROR: "INTERNAL_SERVER_ERROR",
} as const;

/** One of {@link ErrorCode}'s values. */
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Codes of the gateway's own refusals of a request (limits, idempotency keys, shutdown). */
export const GATEWAY_REQUEST_CODES: ReadonlySet<string> = new Set([
  "IDEMPOTENCY_KEY_INVALID",
  "IDEMPOTENCY_KEY_REUSED",
  "IDEMPOTENCY_KEY_IN_USE",
]);

/**
 * Codes Apollo Server sets on requests refused before execution (parse and
 * validation failures, malformed HTTP requests, CSRF prevention). They are safe
 * to pass to callers as they are.
 */
export const APOLLO_REQUEST_CODES: ReadonlySet<string> = new Set([
  "GRAPHQL_PARSE_FAILED",
  "GRAPHQL_VALIDATION_FAILED",
  "BAD_REQUEST",
  "PERSISTED_QUERY_NOT_FOUND",
  "PERSISTED_QUERY_NOT_SUPPORTED",
  "OPERATION_RESOLUTION_FAILURE",
]);
