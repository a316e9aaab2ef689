import { unwrapResolverError } from "@apollo/server/errors";
import type { GraphQLFormattedError } from "graphql";
import { isBepaidError } from "../bepaid/errors.js";
import type { GatewayLogger } from "../logger.js";
import { APOLLO_REQUEST_CODES, ErrorCode, GATEWAY_REQUEST_CODES } from "./codes.js";
import { toGraphQLError } from "./to-graphql-error.js";

const OWN_CODES: ReadonlySet<string> = new Set(Object.values(ErrorCode));

/**
 * Apollo's `formatError`: the one place errors are shaped and masked for callers. bePaid
 * failures become their contract code; errors the gateway or Apollo raised on purpose pass
 * with their code; anything else is logged in full and reaches the caller only as
 * `INTERNAL_SERVER_ERROR` with a generic message. No stack trace ever leaves.
 */
export function createErrorFormatter(logger: GatewayLogger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const { message, locations, path } = formatted;
    const original = unwrapResolverError(error);
    if (isBepaidError(original)) {
      const translated = toGraphQLError(original);
      // Status, ids and class name only: bePaid's bodies can echo personal data back.
      logger.warn(
        {
          code: translated.extensions.code,
          call: original.call,
          status: "status" in original ? original.status : undefined,
          upstreamRequestId: original.requestId,
          error: original.name,
          path,
        },
        "bePaid call failed",
      );
      return { message: translated.message, locations, path, extensions: translated.extensions };
    }
    const { stacktrace: _dropped, ...extensions } = formatted.extensions ?? {};
    const code = typeof extensions.code === "string" ? extensions.code : undefined;
    if (code !== undefined && code !== ErrorCode.INTERNAL_SERVER_ERROR && (OWN_CODES.has(code) || APOLLO_REQUEST_CODES.has(code) || GATEWAY_REQUEST_CODES.has(code))) {
      return { message, locations, path, extensions };
    }
    logger.error({ err: original, path }, "unexpected error");
    return { message: "Internal server error.", locations, path, extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } };
  };
}
