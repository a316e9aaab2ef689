import { ErrorCode } from "../errors/codes.js";
import { GatewayError } from "../errors/gateway-error.js";
import type { GatewayLogger } from "../logger.js";
import type { RateCounter } from "./rate-counter.js";

/** A minute: `GATEWAY_RATE_LIMIT` counts operations per caller, and refused credentials per address, per minute. */
const WINDOW_MS = 60_000;

/** `GATEWAY_RATE_LIMIT`'s two counts: operations per caller, refused credentials per client address. */
export interface RateLimit {
  /** Counts one operation of `caller` (its id); throws `RATE_LIMITED` (HTTP 429) when it is over the limit. */
  operation(caller: string): Promise<void>;
  /** Throws `RATE_LIMITED` (HTTP 429) when credentials sent from `address` were refused the limit's worth of times in its current minute. */
  address(address: string | undefined): Promise<void>;
  /** Counts one refusal of credentials sent from `address`: by the gateway, or by bePaid for a pass-through caller. */
  failedAuthentication(address: string | undefined): Promise<void>;
}

/** Options of {@link createRateLimit}. */
export interface RateLimitOptions {
  /** Operations each caller may run per minute, and refused credentials each address may send. */
  limit: number;
  /** Where both are counted (memory, or Redis shared by replicas). */
  counter: RateCounter;
  /** Gets one line when counting starts failing and one when it works again. */
  logger: GatewayLogger;
}

/**
 * Limits operations per caller per minute, and failed authentications per client address per
 * minute: a caller is its checked credentials (a wrong secret is another caller, so guessing
 * cannot lock a shop out), and an address that sent refused credentials `limit` times gets 429
 * for the rest of its minute whatever it sends, so the gateway is no oracle for guessing
 * secrets. A refused request is refused whole, before any bePaid call: HTTP 429,
 * `RATE_LIMITED`, `retryAfter` and `Retry-After` in seconds until the window ends. A counter that
 * cannot count (Redis down) lets traffic through: the limit protects bePaid from one noisy
 * caller, and refusing everyone would be worse.
 */
export function createRateLimit({ limit, counter, logger }: RateLimitOptions): RateLimit {
  let failingOpen = false;
  /** Runs one count; undefined when the counter cannot count (logged once per outage). */
  const counted = async <T>(count: () => Promise<T>): Promise<T | undefined> => {
    let result: T;
    try {
      result = await count();
    } catch (error) {
      if (!failingOpen) logger.warn({ reason: (error as Error).message }, "rate limits not enforced: the shared store is unreachable");
      failingOpen = true;
      return undefined;
    }
    if (failingOpen) logger.info("rate limits enforced again");
    failingOpen = false;
    return result;
  };
  const refusal = (resetInMs: number, sentence: string) => {
    const retryAfter = Math.max(1, Math.ceil(resetInMs / 1000));
    return new GatewayError(ErrorCode.RATE_LIMITED, `${sentence} Retry in ${retryAfter} s.`, {
      extensions: { retryAfter },
      http: { status: 429, headers: { "retry-after": String(retryAfter) } },
    });
  };
  // Addresses share the counter with callers under a name no caller id has (those are `kind:digest`).
  const failuresOf = (address: string) => `failed-authentication ${address}`;

  return {
    async operation(caller) {
      const window = await counted(() => counter.hit(caller, WINDOW_MS));
      if (window && window.count > limit) throw refusal(window.resetInMs, `Too many operations: at most ${limit} per minute per caller.`);
    },
    async address(address) {
      if (address === undefined) return;
      const window = await counted(() => counter.peek(failuresOf(address)));
      if (window && window.count >= limit) {
        throw refusal(window.resetInMs, `Too many failed authentications from this address: at most ${limit} per minute.`);
      }
    },
    async failedAuthentication(address) {
      if (address !== undefined) await counted(() => counter.hit(failuresOf(address), WINDOW_MS));
    },
  };
}
