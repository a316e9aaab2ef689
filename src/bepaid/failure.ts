import { HTTPError } from "ky";
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
 * have seen the request, so even a create is known not to have happened. (Typed `unknown`:
 * a socket error's `code` is whatever the cause carries, and only these strings match.)
 */
const NOT_SENT_CODES: ReadonlySet<unknown> = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "UND_ERR_CONNECT_TIMEOUT",
]);

/**
 * Turns whatever ky or fetch threw into a typed {@link BepaidError}; other errors, a
 * `BepaidError` already typed among them, pass through.
 */
export async function toBepaidError(error: unknown, call: BepaidCall): Promise<unknown> {
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
    return new BepaidConnectionError(call, !NOT_SENT_CODES.has(causeCode(error)), error);
  }
  return error;
}

/**
 * True for ky's per-attempt timeout and an `AbortSignal.timeout` deadline (both named
 * `TimeoutError`), and for a bare abort (`AbortError`): a request cut short by the gateway got
 * no response in time, whoever pulled the signal.
 */
function isTimeout(error: unknown): boolean {
  return error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
}

/** The socket error's code that fetch keeps in `cause` (e.g. `"ECONNREFUSED"`), if any. */
function causeCode(error: Error): unknown {
  return (error.cause as { code?: unknown } | null | undefined)?.code;
}

/** The body of an error response as JSON, or `undefined` when it is not JSON (an HTML page). */
function readJsonBody(response: Response): Promise<unknown> {
  return response
    .text()
    .then((text) => JSON.parse(text) as unknown)
    .catch(() => undefined);
}

/**
 * `Retry-After` in whole seconds: either delay-seconds or an HTTP date (RFC 9110 §10.2.3).
 * Anything else is ignored rather than guessed at.
 */
export function retryAfterSeconds(header: string | null): number | undefined {
  if (header === null) return undefined;
  // An empty or blank value falls through both checks below to `undefined`.
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  // Every HTTP-date form starts with the day's name; Date.parse alone would read "1.5" as a date.
  if (!/^(mon|tue|wed|thu|fri|sat|sun)/i.test(trimmed)) return undefined;
  // The asctime form carries no zone, and V8 reads such a date as local time: every HTTP date is GMT.
  // Stryker disable next-line ConditionalExpression,Regex: equivalent, as V8 also reads "… GMT GMT".
  const date = Date.parse(/ gmt$/i.test(trimmed) ? trimmed : `${trimmed} GMT`);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - Date.now()) / 1000));
}
