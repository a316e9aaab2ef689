import type { BaseContext, GraphQLRequestListener } from "@apollo/server";
import { ErrorCode } from "../errors/codes.js";
import { acceptedResponse, requestErrorStatus } from "../http/accepted-response.js";

/**
 * Apollo's errors for a request that cannot run: the document does not parse or validate, its
 * variables do not coerce (`BAD_USER_INPUT` with no `data`), or no operation fits its name.
 */
const REQUEST_ERROR_CODES: ReadonlySet<unknown> = new Set([
  ErrorCode.GRAPHQL_PARSE_FAILED,
  ErrorCode.GRAPHQL_VALIDATION_FAILED,
  ErrorCode.BAD_USER_INPUT,
  ErrorCode.OPERATION_RESOLUTION_FAILURE,
]);

/**
 * GraphQL over HTTP to the letter: Apollo responds 400 to every request error whatever the caller
 * accepts, while the spec asks for 200 when the caller accepts only `application/json` (legacy
 * clients read the body of a 200 only). This turns those 400s into 200s for such callers, and
 * leaves every other response as Apollo made it.
 */
export function requestErrorStatusListener(): GraphQLRequestListener<BaseContext> {
  return {
    async willSendResponse({ request, response }) {
      if (response.http.status !== 400 || response.body.kind !== "single") return;
      const { singleResult } = response.body;
      if (singleResult.data !== undefined) return;
      if (!singleResult.errors?.every((error) => REQUEST_ERROR_CODES.has(error.extensions?.code))) return;
      // Only reached for a request the handler let through, so the landing page plays no part.
      response.http.status = requestErrorStatus(acceptedResponse(request.http?.method, request.http?.headers.get("accept"), { landingPage: false }));
    },
  };
}
