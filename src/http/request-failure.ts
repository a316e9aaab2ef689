import type { IncomingMessage, ServerResponse } from "node:http";
import { ErrorCode } from "../errors/codes.js";
import type { GatewayLogger } from "../logger.js";
import type { RequestReport } from "../observability/request-report.js";
import { BodyTooLargeError } from "./read-body.js";
import { refusals } from "./refusals.js";
import { respondError } from "./respond.js";

/** What {@link respondToRequestFailure} responds with and records on. */
export interface RequestFailureTarget {
  request: IncomingMessage;
  response: ServerResponse;
  /** The request's report: its line names the code sent. */
  report: RequestReport;
  /** Gets the full error of a failure nobody expected. */
  logger: GatewayLogger;
}

/**
 * Responds to a request whose handling failed outside GraphQL, so that every request gets a
 * response. Only a socket closed before the response means the client left (its report's line says
 * `client_aborted`): Node marks every fully read request destroyed, so that says nothing. A body
 * over the cap is 413 `PAYLOAD_TOO_LARGE`; anything else is 500 `INTERNAL_SERVER_ERROR`, with
 * the error logged in full. A response already under way cannot become another one: it is cut.
 */
export function respondToRequestFailure(error: unknown, { request, response, report, logger }: RequestFailureTarget): void {
  if (response.destroyed || request.socket.destroyed) return void response.destroy();
  const refusal = error instanceof BodyTooLargeError ? refusals.payloadTooLarge() : refusals.internal();
  if (refusal.code === ErrorCode.INTERNAL_SERVER_ERROR) logger.error({ err: error }, "request failed outside GraphQL");
  report.errors.push(refusal.code);
  if (response.headersSent) return void response.destroy();
  respondError(response, refusal);
}
