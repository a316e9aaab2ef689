import { ErrorCode } from "../errors/codes.js";
import { GatewayError } from "../errors/gateway-error.js";
import { MAX_BODY_BYTES } from "./read-body.js";

/** The refusals the gateway writes itself, outside Apollo, each with its status and message. */
export const refusals = {
  notFound: () => new GatewayError(ErrorCode.NOT_FOUND, "Not found: GraphQL is served at /graphql.", { http: { status: 404 } }),
  shuttingDown: () =>
    new GatewayError(ErrorCode.SHUTTING_DOWN, "The gateway is shutting down; retry the operation.", { http: { status: 503 } }),
  payloadTooLarge: () =>
    new GatewayError(ErrorCode.PAYLOAD_TOO_LARGE, `The request body is larger than ${MAX_BODY_BYTES / 1024 / 1024} MB.`, {
      http: { status: 413 },
    }),
  notAcceptable: () =>
    new GatewayError(ErrorCode.NOT_ACCEPTABLE, "The Accept header allows no answer the gateway gives: accept application/graphql-response+json or application/json.", {
      http: { status: 406 },
    }),
  bodyNotJson: () => new GatewayError(ErrorCode.BAD_REQUEST, "The request body is not valid JSON.", { http: { status: 400 } }),
  internal: () => new GatewayError(ErrorCode.INTERNAL_SERVER_ERROR, "Internal server error.", { http: { status: 500 } }),
} as const;
