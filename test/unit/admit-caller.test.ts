import { describe, expect, it, vi } from "vitest";
import type { Caller } from "../../src/auth/caller.js";
import { ErrorCode } from "../../src/errors/codes.js";
import { GatewayError } from "../../src/errors/gateway-error.js";
import { admitCaller } from "../../src/limits/admit-caller.js";
import { createMemoryRateCounter } from "../../src/limits/rate-counter.js";
import { createRateLimit } from "../../src/limits/rate-limit.js";
import { captureLogger } from "../helpers/capture-logger.js";

const CALLER: Caller = { id: "token:0123456789abcdef", kind: "token", credentials: { shopId: "361", secretKey: "s" }, scopes: "all" };
const ADDRESS = "10.0.0.9";
const refused = new GatewayError(ErrorCode.UNAUTHENTICATED, "The bearer token is not valid.", { http: { status: 401 } });
const unavailable = new GatewayError(ErrorCode.AUTH_UNAVAILABLE, "Try again shortly.", { http: { status: 503 } });

/** A limit of 2 a minute in memory, its failed-authentication count spied on. */
function limitOfTwo() {
  const rateLimit = createRateLimit({ limit: 2, counter: createMemoryRateCounter(), logger: captureLogger().logger });
  return { rateLimit, failures: vi.spyOn(rateLimit, "failedAuthentication") };
}

/** Admits one request with this Authorization header, authenticated as `outcome` says. */
function admit(rateLimit: ReturnType<typeof limitOfTwo>["rateLimit"], authorization: string | undefined, outcome: Caller | GatewayError, onCaller = vi.fn()) {
  const authenticate = () => (outcome instanceof GatewayError ? Promise.reject(outcome) : Promise.resolve(outcome));
  return admitCaller({ authorization, remoteAddress: ADDRESS }, { authenticate, rateLimit, onCaller });
}

describe("admitCaller", () => {
  it("admits and names an authenticated caller, counting its operation", async () => {
    const { rateLimit } = limitOfTwo();
    const onCaller = vi.fn();
    expect(await admit(rateLimit, "Bearer good", CALLER, onCaller)).toBe(CALLER);
    expect(onCaller).toHaveBeenCalledWith(CALLER);
    await admit(rateLimit, "Bearer good", CALLER);
    await expect(admit(rateLimit, "Bearer good", CALLER, onCaller)).rejects.toMatchObject({ code: "RATE_LIMITED" });
    // Named even when its operation is then refused: the log line says whose it was.
    expect(onCaller).toHaveBeenCalledTimes(2);
  });

  it("counts credentials the gateway refused against the address, and refuses the address past the limit whatever it sends", async () => {
    const { rateLimit, failures } = limitOfTwo();
    await expect(admit(rateLimit, "Bearer bad", refused)).rejects.toBe(refused);
    await expect(admit(rateLimit, "Basic !!", refused)).rejects.toBe(refused);
    expect(failures).toHaveBeenCalledWith(ADDRESS);
    await expect(admit(rateLimit, "Bearer good", CALLER)).rejects.toMatchObject({ code: "RATE_LIMITED", message: expect.stringContaining("failed authentications") });
    await expect(admit(rateLimit, "Bearer bad", refused)).rejects.toMatchObject({ code: "RATE_LIMITED" });
  });

  it.each([
    ["no Authorization header", undefined, refused],
    ["an Authorization header of blanks", "   ", refused],
    ["an identity provider that cannot be reached", "Bearer a.b.c", unavailable],
  ])("does not count %s as a failed authentication", async (_, authorization, error) => {
    const { rateLimit, failures } = limitOfTwo();
    for (let attempt = 0; attempt < 3; attempt += 1) await expect(admit(rateLimit, authorization, error)).rejects.toBe(error);
    expect(failures).not.toHaveBeenCalled();
    expect(await admit(rateLimit, "Bearer good", CALLER)).toBe(CALLER);
  });
});
