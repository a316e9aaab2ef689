import type { ServerResponse } from "node:http";

/** Writes a small JSON answer (health routes and refusals before GraphQL runs). */
export function respondJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(text),
  });
  response.end(text);
}

/** A GraphQL-over-HTTP error answer for a request refused before it reached Apollo. */
export function respondRequestError(response: ServerResponse, status: number, message: string, code: string): void {
  respondJson(response, status, { errors: [{ message, extensions: { code } }] });
}
