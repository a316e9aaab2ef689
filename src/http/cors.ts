import type { IncomingMessage, ServerResponse } from "node:http";

/** Request headers a browser may send cross-origin: GraphQL-over-HTTP's, Apollo's, W3C Trace Context's, and ours. */
const ALLOWED_HEADERS = [
  "authorization",
  "content-type",
  "accept",
  "apollo-require-preflight",
  "x-apollo-operation-name",
  "apollographql-client-name",
  "apollographql-client-version",
  "idempotency-key",
  "x-request-id",
  // A browser app's OpenTelemetry continues its trace through the gateway (docs/traces.md).
  "traceparent",
  "tracestate",
].join(", ");

/**
 * CORS from an allow-list: an allowed origin gets its own origin echoed back (never `*`, since
 * callers send `Authorization`); any other origin gets no CORS headers, so browsers refuse to
 * hand it the response. Returns true when it responded to the request itself (a preflight).
 */
export function createCors(origins: readonly string[]) {
  const allowed = new Set(origins);
  return (request: IncomingMessage, response: ServerResponse): boolean => {
    const origin = request.headers.origin;
    response.setHeader("vary", "Origin");
    const isAllowed = origin !== undefined && allowed.has(origin);
    if (isAllowed) {
      response.setHeader("access-control-allow-origin", origin);
      response.setHeader("access-control-expose-headers", "x-request-id, idempotent-replayed");
    }
    if (request.method !== "OPTIONS") return false;
    if (isAllowed) {
      response.setHeader("access-control-allow-methods", "GET, POST, OPTIONS");
      response.setHeader("access-control-allow-headers", ALLOWED_HEADERS);
      response.setHeader("access-control-max-age", "600");
    }
    response.writeHead(204).end();
    return true;
  };
}
