import { afterEach, describe, expect, it, vi } from "vitest";
import { createAccessTokenKeys, KeySetUnavailableError } from "../../src/auth/access-token-keys.js";
import { type IdentityProvider, startIdentityProvider } from "../helpers/identity-provider.js";
import { captureLogger } from "../helpers/capture-logger.js";

/** The key set's response for a token header with this kid: a key, or the error it throws. */
async function keyFor(keys: ReturnType<typeof createAccessTokenKeys>, kid: string): Promise<unknown> {
  return Promise.resolve(keys({ alg: "ES256", kid }, undefined as never)).catch((error: unknown) => error);
}

/** A clock the test moves by hand. */
function manualClock() {
  let time = 1_000_000;
  return { now: () => time, advance: (ms: number) => void (time += ms) };
}

/** An identity provider publishing one ES256 key, a key set over it on a manual clock, logging to memory. */
async function providerWithKey(kid: string) {
  const idp = await startIdentityProvider();
  idp.publish(await idp.newKey("ES256", kid));
  const clock = manualClock();
  const { logger, entries } = captureLogger();
  return { idp, clock, keys: createAccessTokenKeys({ jwksUrl: new URL(idp.jwksUrl), logger, now: clock.now }), entries };
}

const providers: IdentityProvider[] = [];
/** Starts a provider that is closed after the test. */
async function provider() {
  const idp = await startIdentityProvider();
  providers.push(idp);
  return idp;
}

describe("createAccessTokenKeys", () => {
  afterEach(async () => {
    await Promise.all(providers.splice(0).map((idp) => idp.close()));
  });

  it.each([
    ["answers an error status", (idp: IdentityProvider) => idp.fail(503), "the key set responded HTTP 503"],
    ["answers something that is not JSON", (idp: IdentityProvider) => idp.fail(200), "the key set's response is not JSON"],
    ["refuses connections", (idp: IdentityProvider) => void idp.close(), "the key set could not be reached"],
  ])("is unavailable, not a bad token, when the key set was never fetched and the provider %s", async (_, breakIt, why) => {
    const idp = await provider();
    breakIt(idp);
    const keys = createAccessTokenKeys({ jwksUrl: new URL(idp.jwksUrl), logger: captureLogger().logger });
    const error = await keyFor(keys, "ec-1");
    expect(error).toBeInstanceOf(KeySetUnavailableError);
    // What a stack trace or a debugger shows: the class, why, and the failed fetch behind it.
    expect(error).toMatchObject({ name: "KeySetUnavailableError", message: "the key set was never fetched", cause: { name: "KeySetFetchError", message: why } });
  });

  it.each([
    ["with a Content-Length", false],
    ["chunked", true],
  ])("refuses a key set answer over 1 MiB (%s), though it holds the key", async (_, chunked) => {
    const { idp, keys } = await providerWithKey("ec-1");
    providers.push(idp);
    idp.oversize(1024 * 1024 + 1, { chunked });
    const error = await keyFor(keys, "ec-1");
    expect(error).toBeInstanceOf(KeySetUnavailableError);
    expect(error).toMatchObject({ cause: { message: "the key set's response is larger than 1048576 bytes" } });
  });

  it("takes a key set answer of exactly 1 MiB", async () => {
    const { idp, keys } = await providerWithKey("ec-1");
    providers.push(idp);
    idp.oversize(1024 * 1024, { chunked: true });
    expect(await keyFor(keys, "ec-1")).toHaveProperty("type", "public");
  });

  it("fetches at most once per 30 s while the provider fails, however many tokens name unknown keys", async () => {
    const { idp, clock, keys } = await providerWithKey("ec-1");
    providers.push(idp);
    idp.fail(500);
    for (let token = 0; token < 100; token += 1) expect(await keyFor(keys, `made-up-${token}`)).toBeInstanceOf(KeySetUnavailableError);
    expect(idp.fetches()).toBe(1);

    clock.advance(29_999);
    await keyFor(keys, "made-up");
    expect(idp.fetches()).toBe(1);
    clock.advance(1);
    await Promise.all(Array.from({ length: 100 }, (_, token) => keyFor(keys, `made-up-${token}`)));
    expect(idp.fetches()).toBe(2);
  });

  it("starts the 30 s cooldown at a failed refetch as at a successful one", async () => {
    const { idp, clock, keys } = await providerWithKey("ec-1");
    providers.push(idp);
    expect(await keyFor(keys, "ec-1")).toHaveProperty("type", "public");
    idp.fail(500);
    clock.advance(30_000);
    expect(await keyFor(keys, "made-up-1")).toBeInstanceOf(KeySetUnavailableError);
    expect(idp.fetches()).toBe(2);
    for (let token = 0; token < 100; token += 1) await keyFor(keys, `made-up-${token}`);
    expect(idp.fetches()).toBe(2);
    // The cached key is the token's own: it still serves.
    expect(await keyFor(keys, "ec-1")).toHaveProperty("type", "public");
  });

  it("answers an unknown kid without a fetch within 30 s of a good one, as the token's fault", async () => {
    const { idp, clock, keys } = await providerWithKey("ec-1");
    providers.push(idp);
    await keyFor(keys, "ec-1");
    clock.advance(29_999);
    expect(await keyFor(keys, "stranger")).toHaveProperty("code", "ERR_JWKS_NO_MATCHING_KEY");
    expect(idp.fetches()).toBe(1);
  });

  it("picks up a key published since, with one refetch once the cooldown is over", async () => {
    const { idp, clock, keys } = await providerWithKey("ec-1");
    providers.push(idp);
    const old = await keyFor(keys, "ec-1");
    idp.publish(await idp.newKey("ES256", "ec-1"), await idp.newKey("ES256", "ec-2"));
    clock.advance(30_000);
    expect(await keyFor(keys, "ec-2")).toHaveProperty("type", "public");
    expect(idp.fetches()).toBe(2);
    // The refetched set replaced the old one: the re-published ec-1 is a new key.
    expect(await keyFor(keys, "ec-1")).not.toBe(old);
  });

  it("serves a cached key at once when the set is old, refreshing it in the background without waiting on a hanging provider", async () => {
    const { idp, clock, keys } = await providerWithKey("ec-1");
    providers.push(idp);
    await keyFor(keys, "ec-1");
    idp.hang(true);
    clock.advance(10 * 60_000);
    // Answered while the provider still holds the refresh unanswered: the request did not wait for it.
    expect(await keyFor(keys, "ec-1")).toHaveProperty("type", "public");
    await vi.waitFor(() => expect(idp.held()).toBe(1));
    expect(idp.fetches()).toBe(2);
    // The refresh is under way: no second one, and cached keys keep answering at once.
    expect(await keyFor(keys, "ec-1")).toHaveProperty("type", "public");
    expect(idp.fetches()).toBe(2);
  });

  it("uses the refreshed set for the tokens after the background refresh", async () => {
    const { idp, clock, keys } = await providerWithKey("ec-1");
    providers.push(idp);
    const first = await keyFor(keys, "ec-1");
    idp.publish(await idp.newKey("ES256", "ec-1"));
    clock.advance(10 * 60_000);
    expect(await keyFor(keys, "ec-1")).toBe(first);
    await vi.waitFor(() => expect(idp.fetches()).toBe(2));
    await vi.waitFor(async () => expect(await keyFor(keys, "ec-1")).not.toBe(first));
  });

  it("serves a fresh set's keys without fetching again, however long past the cooldown", async () => {
    const { idp, clock, keys } = await providerWithKey("ec-1");
    providers.push(idp);
    await keyFor(keys, "ec-1");
    clock.advance(10 * 60_000 - 1);
    expect(await keyFor(keys, "ec-1")).toHaveProperty("type", "public");
    // A refresh would start in the background: give it the time to reach the provider.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(idp.fetches()).toBe(1);
  });

  it("fetches nothing for a token with no kid that several cached keys fit: no key was missing", async () => {
    const idp = await provider();
    idp.publish(await idp.newKey("ES256", "ec-1"), await idp.newKey("ES256", "ec-2"));
    const clock = manualClock();
    const keys = createAccessTokenKeys({ jwksUrl: new URL(idp.jwksUrl), logger: captureLogger().logger, now: clock.now });
    await keyFor(keys, "ec-1");
    clock.advance(30_000);
    const error = await Promise.resolve(keys({ alg: "ES256" }, undefined as never)).catch((refusal: unknown) => refusal);
    expect(error).toHaveProperty("code", "ERR_JWKS_MULTIPLE_MATCHING_KEYS");
    expect(idp.fetches()).toBe(1);
  });

  it("logs one outage however many fetches fail in a row", async () => {
    const { idp, clock, keys, entries } = await providerWithKey("ec-1");
    providers.push(idp);
    await keyFor(keys, "ec-1");
    idp.fail(503);
    for (let attempt = 0; attempt < 3; attempt += 1) {
      clock.advance(30_000);
      expect(await keyFor(keys, `unknown-${attempt}`)).toBeInstanceOf(KeySetUnavailableError);
    }
    expect(idp.fetches()).toBe(4);
    expect(entries().map((entry) => entry.level)).toEqual([40]);
  });

  it("serves the keys it fetched while the provider fails, logs the outage and the recovery once each", async () => {
    const { idp, clock, keys, entries } = await providerWithKey("ec-1");
    providers.push(idp);
    expect(await keyFor(keys, "ec-1")).toHaveProperty("type", "public");

    idp.fail(502);
    clock.advance(11 * 60_000); // past the cache age: the next use refreshes in the background
    expect(await keyFor(keys, "ec-1")).toHaveProperty("type", "public");
    await vi.waitFor(() => expect(entries()).toHaveLength(1));
    expect(await keyFor(keys, "ec-1")).toHaveProperty("type", "public");
    const unseen = await keyFor(keys, "ec-2");
    expect(unseen).toBeInstanceOf(KeySetUnavailableError);
    expect(unseen).toMatchObject({ message: "no cached key fits", cause: { message: "the key set responded HTTP 502" } });

    idp.publish(await idp.newKey("ES256", "ec-2"));
    idp.fail(undefined);
    clock.advance(30_000);
    expect(await keyFor(keys, "ec-2")).toHaveProperty("type", "public");
    expect(await keyFor(keys, "ec-1")).toBeInstanceOf(Error); // rotated out
    expect(entries().map((entry) => [entry.level, entry.msg])).toEqual([
      [40, "the access tokens' key set cannot be fetched; the keys fetched before keep serving"],
      [30, "the access tokens' key set is reachable again"],
    ]);
  });

  it("names the provider and the failed fetch in the outage's log line, and the provider in the recovery's", async () => {
    const { idp, clock, keys, entries } = await providerWithKey("ec-1");
    providers.push(idp);
    await keyFor(keys, "ec-1");
    idp.fail(502);
    clock.advance(11 * 60_000);
    await keyFor(keys, "ec-1");
    await vi.waitFor(() => expect(entries()).toHaveLength(1));
    idp.fail(undefined);
    clock.advance(11 * 60_000);
    await keyFor(keys, "ec-1");
    await vi.waitFor(() => expect(entries()).toHaveLength(2));
    const origin = new URL(idp.jwksUrl).origin;
    expect(entries()).toEqual([
      expect.objectContaining({ level: 40, jwks: origin, err: expect.objectContaining({ message: "the key set responded HTTP 502" }) }),
      expect.objectContaining({ level: 30, jwks: origin }),
    ]);
  });

  it("lets a token with no kid, which several cached keys could check, through as the token's fault while the provider is down", async () => {
    const idp = await provider();
    idp.publish(await idp.newKey("ES256", "ec-1"), await idp.newKey("ES256", "ec-2"));
    const clock = manualClock();
    const keys = createAccessTokenKeys({ jwksUrl: new URL(idp.jwksUrl), logger: captureLogger().logger, now: clock.now });
    expect(await keyFor(keys, "ec-1")).toHaveProperty("type", "public");
    idp.fail(502);
    clock.advance(11 * 60_000);
    const error = await Promise.resolve(keys({ alg: "ES256" }, undefined as never)).catch((refusal: unknown) => refusal);
    expect(error).not.toBeInstanceOf(KeySetUnavailableError);
    expect(error).toHaveProperty("code", "ERR_JWKS_MULTIPLE_MATCHING_KEYS");
  });

  it("lets a token with no kid, which several keys could check, through as the token's fault", async () => {
    const idp = await provider();
    idp.publish(await idp.newKey("ES256", "ec-1"), await idp.newKey("ES256", "ec-2"));
    const { logger, lines } = captureLogger();
    const keys = createAccessTokenKeys({ jwksUrl: new URL(idp.jwksUrl), logger });
    const error = await Promise.resolve(keys({ alg: "ES256" }, undefined as never)).catch((refusal: unknown) => refusal);
    expect(error).toHaveProperty("code", "ERR_JWKS_MULTIPLE_MATCHING_KEYS");
    expect(lines).toEqual([]);
  });

  it("lets a token with a kid nobody published through as the token's fault", async () => {
    const idp = await provider();
    idp.publish(await idp.newKey("ES256", "ec-1"));
    const keys = createAccessTokenKeys({ jwksUrl: new URL(idp.jwksUrl), logger: captureLogger().logger });
    const error = await keyFor(keys, "stranger");
    expect(error).not.toBeInstanceOf(KeySetUnavailableError);
    expect(error).toHaveProperty("code", "ERR_JWKS_NO_MATCHING_KEY");
  });

  it.each([
    ["an object with no keys array", '{"keys":{}}'],
    ["not an object", "[]"],
    ["null", "null"],
  ])("is unavailable when the key set answer is JSON but %s", async (_, text) => {
    const idp = await provider();
    idp.respond(text);
    const keys = createAccessTokenKeys({ jwksUrl: new URL(idp.jwksUrl), logger: captureLogger().logger });
    expect(await keyFor(keys, "ec-1")).toMatchObject({ name: "KeySetUnavailableError", cause: { message: "the key set's response holds no keys array" } });
  });
});
