import type { ServerResponse } from "node:http";
import { SEED_CUSTOMERS } from "./demo-shop.js";

/** A response ready to write. */
export interface SandboxResponse {
  status: number;
  /** Nothing is sent for undefined, a string as-is (HTML pages, truncated JSON), anything else as JSON. */
  body?: unknown;
  headers?: Record<string, string>;
}

/**
 * Writes a response as bePaid does: JSON content type and the request's `X-Request-Id`. The
 * response's own headers come last, so a fault can override either.
 */
export function send(res: ServerResponse, requestId: string, response: SandboxResponse): void {
  // The client may have gone while a delay ran; there is no one left to respond to.
  if (res.destroyed) return;
  const body =
    response.body === undefined ? "" : typeof response.body === "string" ? response.body : JSON.stringify(response.body);
  res.statusCode = response.status;
  res.setHeader("Content-Type", "application/json; charset=utf-8");
  res.setHeader("X-Request-Id", requestId);
  res.setHeader("Content-Length", Buffer.byteLength(body));
  for (const [name, value] of Object.entries(response.headers ?? {})) res.setHeader(name, value);
  res.end(body);
}

const CUSTOMER = `${JSON.stringify(SEED_CUSTOMERS[0])},`;
// About 64 KiB of customers per write: big enough to fill any client's buffer quickly.
const ENDLESS_CHUNK = Buffer.from(CUSTOMER.repeat(256));

/**
 * Writes a 200 whose JSON array never ends (no `Content-Length`): as fast as the client reads
 * it (each write waits for the socket to drain), or one customer every `everyMs`. Writing stops
 * when the client goes or close() destroys the socket. For tests of a client's caps and timeouts.
 */
export function sendEndless(res: ServerResponse, requestId: string, everyMs?: number): void {
  res.writeHead(200, { "content-type": "application/json; charset=utf-8", "x-request-id": requestId });
  res.write("[");
  if (everyMs !== undefined) {
    const timer = setInterval(() => res.write(CUSTOMER), everyMs);
    res.once("close", () => clearInterval(timer));
    return;
  }
  const pump = () => {
    while (!res.destroyed && res.write(ENDLESS_CHUNK));
    if (!res.destroyed) res.once("drain", pump);
  };
  pump();
}
