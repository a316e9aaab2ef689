/** A GraphQL answer's JSON, as far as the soak reads it. */
export interface GraphQLResponse {
  data?: Record<string, unknown> | null;
  errors?: Array<{ message?: string; path?: unknown[]; extensions?: { code?: unknown } }>;
}

/** One GraphQL request the soak sends, and how to tell a wrong answer from a right one. */
export interface Operation {
  /** A short label for the report, e.g. `get-seeded`. */
  name: string;
  body: { query: string; variables?: Record<string, unknown>; operationName?: string };
  /** Extra request headers (`Idempotency-Key`, another `Authorization`). */
  headers?: Record<string, string>;
  /** Checks an answer beyond "it parsed"; returns what is wrong, or undefined when it is right. */
  check?(answer: GraphQLResponse, status: number): string | undefined;
}

/** Codes a read may answer while bePaid misbehaves (the contract's table, for GETs). */
export const READ_FAILURES: ReadonlySet<string> = new Set([
  "UPSTREAM_UNAVAILABLE",
  "UPSTREAM_TIMEOUT",
  "UPSTREAM_BAD_RESPONSE",
  "RATE_LIMITED",
]);

/** Codes a create may answer while bePaid misbehaves, or while its key's first create runs. */
export const CREATE_FAILURES: ReadonlySet<string> = new Set([
  "UPSTREAM_UNAVAILABLE",
  "UPSTREAM_OUTCOME_UNKNOWN",
  "UPSTREAM_BAD_RESPONSE",
  "RATE_LIMITED",
  "IDEMPOTENCY_KEY_IN_USE",
]);

/**
 * Says what is wrong with an answer's errors: a code outside `allowed` (an INTERNAL_SERVER_ERROR,
 * a create's code on a read), or, when `required`, no error at all. Undefined when they fit.
 */
export function wrongCodes(answer: GraphQLResponse, allowed: ReadonlySet<string>, required = false): string | undefined {
  const codes = (answer.errors ?? []).map((error) => String(error.extensions?.code ?? "NO_CODE"));
  if (required && codes.length === 0) return `no error, expected ${[...allowed].join(" or ")}`;
  const stray = codes.find((code) => !allowed.has(code));
  return stray === undefined ? undefined : `unexpected ${stray}`;
}
