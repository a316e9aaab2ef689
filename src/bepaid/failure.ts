import { HTTPError, TimeoutError } from "ky";
import {
  type BepaidCall,
  BepaidBadResponseError,
  BepaidConnectionError,
  BepaidError,
  BepaidHttpError,
  BepaidTimeoutError,
  ResponseTooLargeError,
} from "./errors.js";

/**
 * Connection failures that happen before a byte of the request leaves: bePaid cannot
 * have seen the request, so even a create is known not to have happened.
 */
const NOT_SENT_CODES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "UND_ERR_CONNECT_TIMEOUT",
]);

/** Turns whatever ky or fetch threw into a typed {@link BepaidError}; other errors pass through. */
export async function toBepaidError(error: unknown, call: BepaidCall): Promise<unknown> {
  if (error instanceof BepaidError) return error;
  if (error instanceof HTTPError) {
    const { response } = error;
    return new BepaidHttpError(response.status, call, {
      body: await readJsonBody(response),
      requestId: response.headers.get("x-request-id") ?? undefined,
      retryAfter: retryAfterSeconds(response.headers.get("retry-after")),
    });
  }
  if (error instanceof ResponseTooLargeError) return new BepaidBadResponseError(call, error.message, error.requestId);
  if (isTimeout(error)) return new BepaidTimeoutError(call, error);
  // fetch reports every network failure as a TypeError whose cause holds the socket error.
  if (error instanceof TypeError) {
    return new BepaidConnectionError(call, !NOT_SENT_CODES.has(causeCode(error) ?? ""), error);
  }
  return error;
}

/** True for ky's per-attempt timeout and for the call's overall deadline. */
function isTimeout(error: unknown): boolean {
  if (error instanceof TimeoutError) return true;
  return error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
}

function causeCode(error: Error): string | undefined {
  const cause = error.cause as { code?: unknown } | undefined;
  return typeof cause?.code === "string" ? cause.code : undefined;
}

/** The body of an error answer as JSON, or `undefined` when it is not JSON (an HTML page). */
async function readJsonBody(response: Response): Promise<unknown> {
  try {
    return JSON.parse(await response.text()) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * `Retry-After` in whole seconds: either delay-seconds or an HTTP date (RFC 9110 §10.2.3).
 * Anything else is ignored rather than guessed at.
 */
export function retryAfterSeconds(header: string | null): number | undefined {
  if (header === null || header.trim() === "") return undefined;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  // Every HTTP-date form starts with the day's name; Date.parse alone would read "1.5" as a date.
  if (!/^(mon|tue|wed|thu|fri|sat|sun)/i.test(trimmed)) return undefined;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - Date.now()) / 1000));
}
