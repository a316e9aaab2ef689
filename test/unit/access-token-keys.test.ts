import { afterEach, describe, expect, it, vi } from "vitest";
import { createAccessTokenKeys, KeySetUnavailableError } from "../../src/auth/access-token-keys.js";
import { startIdentityProvider } from "../helpers/identity-provider.js";
import { captureLogger } from "./helpers/capture-logger.js";

/** The key set's answer for a token header with this kid: a key, or the error it throws. */
async function keyFor(keys: ReturnType<typeof createAccessTokenKeys>, kid: string): Promise<unknown> {
  return Promise.resolve(keys({ alg: "ES256", kid }, undefined as never)).catch((error: unknown) => error);
}

/** An identity provider publishing one ES256 key, a key set over it logging to memory, and a clock the test moves. */
async function providerWithKey(kid: string) {
  vi.useFakeTimers({ toFake: ["Date"], now: Date.now() });
  const idp = await startIdentityProvider();
  idp.publish(await idp.newKey("ES256", kid));
  const { logger, entries } = captureLogger();
  return { idp, keys: createAccessTokenKeys({ jwksUrl: new URL(idp.jwksUrl), logger }), entries };
}

describe("createAccessTokenKeys", () => {
  afterEach(() => vi.useRealTimers());

  it.each([
    ["answers an error status", 503],
    ["answers something that is not JSON", 200],
  ])("is unavailable, not a bad token, when the key set was never fetched and the provider %s", async (_, status) => {
    const idp = await startIdentityProvider();
    idp.fail(status);
    const keys = createAccessTokenKeys({ jwksUrl: new URL(idp.jwksUrl), logger: captureLogger().logger });
    const error = await keyFor(keys, "ec-1");
    expect(error).toBeInstanceOf(KeySetUnavailableError);
    // What a stack trace or a debugger shows: the class, why, and the failed fetch behind it.
    expect(error).toMatchObject({ name: "KeySetUnavailableError", message: "the key set was never fetched", cause: { code: "ERR_JOSE_GENERIC" } });
    await idp.close();
  });

  it("serves the keys it fetched while the provider fails, logs the outage and the recovery once each", async () => {
    const { idp, keys, entries } = await providerWithKey("ec-1");
    expect(await keyFor(keys, "ec-1")).toHaveProperty("type", "public");

    idp.fail(502);
    vi.setSystemTime(Date.now() + 11 * 60_000); // past jose's cache age: every use refetches
    expect(await keyFor(keys, "ec-1")).toHaveProperty("type", "public");
    expect(await keyFor(keys, "ec-1")).toHaveProperty("type", "public");
    const unseen = await keyFor(keys, "ec-2");
    expect(unseen).toBeInstanceOf(KeySetUnavailableError);
    expect(unseen).toMatchObject({ message: "no cached key fits", cause: { message: "Expected 200 OK from the JSON Web Key Set HTTP response" } });

    idp.publish(await idp.newKey("ES256", "ec-2"));
    idp.fail(undefined);
    expect(await keyFor(keys, "ec-2")).toHaveProperty("type", "public");
    expect(await keyFor(keys, "ec-1")).toBeInstanceOf(Error); // rotated out
    expect(entries().map((entry) => [entry.level, entry.msg])).toEqual([
      [40, "the access tokens' key set cannot be fetched; using the keys fetched before"],
      [30, "the access tokens' key set is reachable again"],
    ]);
    await idp.close();
  });

  it("names the provider and the failed fetch in the outage's log line, and the provider in the recovery's", async () => {
    const { idp, keys, entries } = await providerWithKey("ec-1");
    await keyFor(keys, "ec-1");
    idp.fail(502);
    vi.setSystemTime(Date.now() + 11 * 60_000);
    await keyFor(keys, "ec-1");
    idp.fail(undefined);
    vi.setSystemTime(Date.now() + 11 * 60_000);
    await keyFor(keys, "ec-1");
    const origin = new URL(idp.jwksUrl).origin;
    expect(entries()).toEqual([
      expect.objectContaining({ level: 40, jwks: origin, err: expect.objectContaining({ message: "Expected 200 OK from the JSON Web Key Set HTTP response" }) }),
      expect.objectContaining({ level: 30, jwks: origin }),
    ]);
    await idp.close();
  });

  it("lets a token with no kid, which several cached keys could check, through as the token's fault while the provider is down", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() });
    const idp = await startIdentityProvider();
    idp.publish(await idp.newKey("ES256", "ec-1"), await idp.newKey("ES256", "ec-2"));
    const keys = createAccessTokenKeys({ jwksUrl: new URL(idp.jwksUrl), logger: captureLogger().logger });
    expect(await keyFor(keys, "ec-1")).toHaveProperty("type", "public");
    idp.fail(502);
    vi.setSystemTime(Date.now() + 11 * 60_000);
    const error = await Promise.resolve(keys({ alg: "ES256" }, undefined as never)).catch((refusal: unknown) => refusal);
    expect(error).not.toBeInstanceOf(KeySetUnavailableError);
    expect(error).toHaveProperty("code", "ERR_JWKS_MULTIPLE_MATCHING_KEYS");
    await idp.close();
  });

  it("lets a token with no kid, which several keys could check, through as the token's fault", async () => {
    const idp = await startIdentityProvider();
    idp.publish(await idp.newKey("ES256", "ec-1"), await idp.newKey("ES256", "ec-2"));
    const { logger, lines } = captureLogger();
    const keys = createAccessTokenKeys({ jwksUrl: new URL(idp.jwksUrl), logger });
    const error = await Promise.resolve(keys({ alg: "ES256" }, undefined as never)).catch((refusal: unknown) => refusal);
    expect(error).toHaveProperty("code", "ERR_JWKS_MULTIPLE_MATCHING_KEYS");
    expect(lines).toEqual([]);
    await idp.close();
  });

  it("lets a token with a kid nobody published through as the token's fault", async () => {
    const idp = await startIdentityProvider();
    idp.publish(await idp.newKey("ES256", "ec-1"));
    const keys = createAccessTokenKeys({ jwksUrl: new URL(idp.jwksUrl), logger: captureLogger().logger });
    const error = await keyFor(keys, "stranger");
    expect(error).not.toBeInstanceOf(KeySetUnavailableError);
    expect(error).toHaveProperty("code", "ERR_JWKS_NO_MATCHING_KEY");
    await idp.close();
  });
});
