import { afterEach, describe, expect, it } from "vitest";
import { freePort } from "../../scripts/lib/free-port.js";
import { fetchKeySet, KeySetFetchError } from "../../src/auth/key-set-fetch.js";
import { type IdentityProvider, startIdentityProviderWithKey } from "../helpers/identity-provider.js";

const providers: IdentityProvider[] = [];
/** A provider publishing one key, closed after the test. */
async function provider() {
  const { idp } = await startIdentityProviderWithKey("ES256", "ec-1");
  providers.push(idp);
  return idp;
}

/** What `fetchKeySet` rejects with; fails the test when it resolves. */
const failure = (url: string) =>
  fetchKeySet(new URL(url)).then(
    () => expect.fail("expected the fetch to fail"),
    (error: unknown) => error as KeySetFetchError,
  );

describe("fetchKeySet", () => {
  afterEach(async () => {
    await Promise.all(providers.splice(0).map((idp) => idp.close()));
  });

  it("asks for JSON and answers the key set", async () => {
    const idp = await provider();
    const set = await fetchKeySet(new URL(idp.jwksUrl));
    expect(set.keys).toEqual([expect.objectContaining({ kid: "ec-1", kty: "EC" })]);
    expect(idp.lastRequestHeaders()?.accept).toBe("application/json");
  });

  it("fetches an https:// key set over TLS", async () => {
    // Nothing listens there: the connection is refused, where an http client would refuse the URL itself.
    const error = await failure(`https://127.0.0.1:${await freePort()}/jwks.json`);
    expect(error).toMatchObject({ name: "KeySetFetchError", message: "the key set could not be reached", cause: { code: "ECONNREFUSED" } });
  });

  it("gives up on a provider that sends nothing, or stops mid-body, after 5 s", async () => {
    const silent = await provider();
    silent.hang(true);
    const stalled = await provider();
    stalled.breakOff("hang");
    const [none, half] = await Promise.all([failure(silent.jwksUrl), failure(stalled.jwksUrl)]);
    expect(none).toMatchObject({ message: "the key set did not respond in time", cause: expect.any(Error) });
    expect(half).toMatchObject({ message: "the key set did not respond in time", cause: expect.any(Error) });
  }, 15_000);

  it("says so when the answer breaks off", async () => {
    const idp = await provider();
    idp.breakOff("drop");
    expect(await failure(idp.jwksUrl)).toMatchObject({ message: "the key set's response broke off", cause: expect.any(Error) });
  });

  it("stops reading an answer over 1 MiB and lets its connection go", async () => {
    const idp = await provider();
    idp.oversize(16 * 1024 * 1024, { chunked: true });
    expect(await failure(idp.jwksUrl)).toMatchObject({ message: "the key set's response is larger than 1048576 bytes" });
    await expect.poll(() => idp.cut()).toBe(1);
  });

  it("reads no body of an error status", async () => {
    const idp = await provider();
    idp.fail(500);
    expect(await failure(idp.jwksUrl)).toMatchObject({ message: "the key set responded HTTP 500" });
  });
});
