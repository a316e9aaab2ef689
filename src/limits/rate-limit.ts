import { ErrorCode } from "../errors/codes.js";
import { GatewayError } from "../errors/gateway-error.js";
import type { GatewayLogger } from "../logger.js";
import type { RateCounter } from "./rate-counter.js";

/** A minute: `GATEWAY_RATE_LIMIT` counts operations per caller per minute. */
const WINDOW_MS = 60_000;

/** Counts one operation of a caller; throws `RATE_LIMITED` (HTTP 429) when it is over its limit. */
export type RateLimit = (caller: string) => Promise<void>;

/** Options of {@link createRateLimit}. */
export interface RateLimitOptions {
  /** Operations each caller may run per minute. */
  limit: number;
  /** Where operations are counted (memory, or Redis shared by replicas). */
  counter: RateCounter;
  /** Gets one line when counting starts failing and one when it works again. */
  logger: GatewayLogger;
}

/**
 * Limits operations per caller per minute. Over the limit the whole request is refused, before
 * any bePaid call: HTTP 429, `RATE_LIMITED`, `retryAfter` and `Retry-After` in seconds until the
 * caller's window ends. A counter that cannot count (Redis down) lets traffic through: the
 * limit protects bePaid from one noisy caller, and refusing everyone would be worse.
 */
export function createRateLimit({ limit, counter, logger }: RateLimitOptions): RateLimit {
  let failingOpen = false;
  return async (caller) => {
    let count: number;
    let resetInMs: number;
    try {
      ({ count, resetInMs } = await counter.hit(caller, WINDOW_MS));
    } catch (error) {
      if (!failingOpen) logger.warn({ reason: (error as Error).message }, "rate limits not enforced: the shared store is unreachable");
      failingOpen = true;
      return;
    }
    if (failingOpen) logger.info("rate limits enforced again");
    failingOpen = false;
    if (count <= limit) return;
    const retryAfter = Math.max(1, Math.ceil(resetInMs / 1000));
    throw new GatewayError(ErrorCode.RATE_LIMITED, `Too many operations: at most ${limit} per minute per caller. Retry in ${retryAfter} s.`, {
      extensions: { retryAfter },
      http: { status: 429, headers: { "retry-after": String(retryAfter) } },
    });
  };
}
