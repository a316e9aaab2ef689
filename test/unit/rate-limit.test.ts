import { describe, expect, it, vi } from "vitest";
import { GatewayError } from "../../src/errors/gateway-error.js";
import { createMemoryRateCounter, type RateCounter } from "../../src/limits/rate-counter.js";
import { createRateLimit } from "../../src/limits/rate-limit.js";
import { captureLogger } from "../helpers/capture-logger.js";

/** A rate limit of 2 a minute over an in-memory counter on a clock the test moves. */
function limitOfTwo() {
  let time = 0;
  const counter = createMemoryRateCounter({ now: () => time });
  const { logger, entries } = captureLogger();
  return { limit: createRateLimit({ limit: 2, counter, logger }), counter, entries, advance: (ms: number) => void (time += ms) };
}

/** The refusal `attempt` rejects with; fails the test when it resolves. */
async function refusal(attempt: Promise<void>): Promise<GatewayError> {
  const error = await attempt.then(
    () => expect.fail("expected RATE_LIMITED"),
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(GatewayError);
  return error as GatewayError;
}

describe("createRateLimit", () => {
  it("refuses a caller's operation past the limit with the seconds left in its window", async () => {
    const { limit, advance } = limitOfTwo();
    await limit.operation("token:a");
    await limit.operation("token:a");
    const refused = await refusal(limit.operation("token:a"));
    expect(refused).toMatchObject({ code: "RATE_LIMITED", message: "Too many operations: at most 2 per minute per caller. Retry in 60 s.", http: { status: 429, headers: { "retry-after": "60" } } });
    expect(refused.extensions.retryAfter).toBe(60);
    advance(59_001);
    expect((await refusal(limit.operation("token:a"))).extensions.retryAfter).toBe(1);
    advance(999);
    await expect(limit.operation("token:a")).resolves.toBeUndefined();
  });

  it("refuses an address once its credentials were refused the limit's worth of times, for the rest of its minute", async () => {
    const { limit, advance } = limitOfTwo();
    await limit.address("10.0.0.1");
    await limit.failedAuthentication("10.0.0.1");
    await limit.address("10.0.0.1");
    await limit.failedAuthentication("10.0.0.1");
    advance(15_000);
    const refused = await refusal(limit.address("10.0.0.1"));
    expect(refused).toMatchObject({ message: "Too many failed authentications from this address: at most 2 per minute. Retry in 45 s.", http: { status: 429 } });
    expect(refused.publicExtensions).toEqual({ code: "RATE_LIMITED", retryAfter: 45 });
    await expect(limit.address("10.0.0.2")).resolves.toBeUndefined();
    // Checking an address counts nothing: only refusals do.
    advance(45_000);
    for (let check = 0; check < 5; check += 1) await limit.address("10.0.0.1");
  });

  it("keeps an address's refusals apart from a caller of the same name", async () => {
    const { limit } = limitOfTwo();
    await limit.operation("10.0.0.1");
    await limit.operation("10.0.0.1");
    await expect(limit.address("10.0.0.1")).resolves.toBeUndefined();
  });

  it("counts nothing for a request whose address is unknown (its socket is gone)", async () => {
    const { limit, counter } = limitOfTwo();
    const hits = vi.spyOn(counter, "hit");
    const peeks = vi.spyOn(counter, "peek");
    await limit.failedAuthentication(undefined);
    await limit.address(undefined);
    expect(hits).not.toHaveBeenCalled();
    expect(peeks).not.toHaveBeenCalled();
  });

  it("lets everything through while the counter fails, saying so once with why, and once when it counts again", async () => {
    let failing = true;
    const memory = createMemoryRateCounter();
    const counter: RateCounter = {
      hit: (caller, windowMs) => (failing ? Promise.reject(new Error("Connection is closed.")) : memory.hit(caller, windowMs)),
      peek: (caller) => (failing ? Promise.reject(new Error("Connection is closed.")) : memory.peek(caller)),
    };
    const { logger, entries } = captureLogger();
    const limit = createRateLimit({ limit: 1, counter, logger });
    for (let attempt = 0; attempt < 3; attempt += 1) {
      await limit.operation("token:a");
      await limit.failedAuthentication("10.0.0.1");
      await limit.address("10.0.0.1");
    }
    failing = false;
    await limit.operation("token:a");
    await expect(limit.operation("token:a")).rejects.toMatchObject({ code: "RATE_LIMITED" });
    expect(entries()).toEqual([
      expect.objectContaining({ level: 40, msg: "rate limits not enforced: the shared store is unreachable", reason: "Connection is closed." }),
      expect.objectContaining({ level: 30, msg: "rate limits enforced again" }),
    ]);
  });
});
