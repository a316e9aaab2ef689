import type { ServerResponse } from "node:http";
import type { GatewayError } from "../errors/gateway-error.js";

/** Writes a small JSON response (health routes and refusals before GraphQL runs). */
export function respondJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    ...headers,
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(text),
  });
  response.end(text);
}

/**
 * A GraphQL-over-HTTP error response for a request the gateway refuses itself, before or around
 * Apollo: the contract's `{ errors: [{ message, extensions: { code } }] }` with the error's status
 * (500 when it has none) and headers.
 */
export function respondError(response: ServerResponse, error: GatewayError): void {
  respondJson(response, error.http?.status ?? 500, { errors: [{ message: error.message, extensions: error.publicExtensions }] }, error.http?.headers);
}
