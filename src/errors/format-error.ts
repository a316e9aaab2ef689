import { ApolloServerErrorCode, unwrapResolverError } from "@apollo/server/errors";
import { GraphQLError, type GraphQLFormattedError } from "graphql";
import { isBepaidError } from "../bepaid/errors.js";
import type { GatewayLogger } from "../logger.js";
import { ErrorCode } from "./codes.js";
import { GatewayError } from "./gateway-error.js";
import { toGraphQLError } from "./to-graphql-error.js";

/** Apollo's own request errors (parse, validation, variables, operation name), by Apollo's enum. */
const APOLLO_REQUEST_CODES: ReadonlySet<unknown> = new Set(
  Object.values(ApolloServerErrorCode).filter((code) => code !== ApolloServerErrorCode.INTERNAL_SERVER_ERROR),
);

/** graphql-js's suggestion at the end of a validation message, as Apollo's own plugin strips it. */
const SUGGESTION = / ?Did you mean(.+?)\?$/;

/**
 * Apollo's `formatError`: the one place errors are shaped and masked for callers.
 * - a bePaid failure becomes its contract code (src/errors/to-graphql-error.ts);
 * - a {@link GatewayError} passes with its code and extras (never Apollo's `http` instructions);
 * - Apollo's own request errors, raised before execution (they have no `path`), pass as they are,
 *   but for graphql-js's "Did you mean …?" under a validation error when `hideSuggestions` is set
 *   (production: suggestions reveal the schema). Apollo's DisableSuggestions plugin does the same
 *   through a request listener, which Apollo would call on every hook of every request;
 * - Apollo's refusals of a malformed request that it raises with a 4xx status but no code (an
 *   automatic persisted query whose hash does not match its text, an unsupported version) are
 *   the caller's mistake: `BAD_REQUEST`, not logged beyond the operation's own line;
 * - anything else is logged in full and reaches the caller only as `INTERNAL_SERVER_ERROR`.
 * No stack trace ever leaves. bePaid failures are not logged here: the operation's own log line
 * carries each call, and an outage must not write a line per failed call.
 */
export function createErrorFormatter(logger: GatewayLogger, { hideSuggestions = false }: { hideSuggestions?: boolean } = {}) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const { message, locations, path } = formatted;
    const original = unwrapResolverError(error);
    const gatewayError = isBepaidError(original) ? toGraphQLError(original) : original;
    if (gatewayError instanceof GatewayError) {
      return { message: gatewayError.message, locations, path, extensions: gatewayError.publicExtensions };
    }
    if (error instanceof GraphQLError && error.path === undefined && APOLLO_REQUEST_CODES.has(error.extensions.code)) {
      const { stacktrace: _dropped, http: _http, ...extensions } = formatted.extensions ?? {};
      const hidden = hideSuggestions && extensions.code === ApolloServerErrorCode.GRAPHQL_VALIDATION_FAILED;
      return { message: hidden ? message.replace(SUGGESTION, "") : message, locations, extensions };
    }
    if (error instanceof GraphQLError && error.path === undefined && error.extensions.code === undefined && isClientError(error.extensions.http)) {
      return { message, locations, extensions: { code: ErrorCode.BAD_REQUEST } };
    }
    logger.error({ err: original, path }, "unexpected error");
    return { message: "Internal server error.", locations, path, extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } };
  };
}

/** Apollo's `extensions.http` with a 4xx status: Apollo found the request itself at fault. */
function isClientError(http: unknown): boolean {
  const status = (http as { status?: unknown } | undefined)?.status;
  return typeof status === "number" && status >= 400 && status < 500;
}
