import { GraphQLError } from "graphql";
import type { JWTPayload } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAccessTokenVerifier, type VerifyAccessToken } from "../../src/auth/access-token.js";
import { type IdentityProvider, type SigningKey, startIdentityProvider } from "../helpers/identity-provider.js";
import { captureLogger } from "../helpers/capture-logger.js";

const now = () => Math.floor(Date.now() / 1000);
const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");

describe("createAccessTokenVerifier", () => {
  let idp: IdentityProvider;
  let key: SigningKey;
  let ed: SigningKey;
  let verify: VerifyAccessToken;
  beforeAll(async () => {
    idp = await startIdentityProvider();
    key = await idp.newKey("PS256", "ps-1");
    ed = await idp.newKey("EdDSA", "ed-1");
    idp.publish(key, ed);
    verify = createAccessTokenVerifier(
      { jwksUrl: new URL(idp.jwksUrl), issuer: idp.issuer, audience: idp.audience },
      { logger: captureLogger().logger },
    );
  });
  afterAll(() => idp.close());

  /** The description a refused token gets, as message and in the challenge. */
  async function refusedBecause(token: string): Promise<string> {
    const error = await verify(token).then(
      () => expect.fail("expected the token to be refused"),
      (refusal: unknown) => refusal as GraphQLError,
    );
    expect(error.extensions.code).toBe("UNAUTHENTICATED");
    const challenge = (error.extensions.http as { headers: Map<string, string> }).headers.get("www-authenticate");
    expect(challenge).toBe(`Bearer error="invalid_token", error_description="${error.message}"`);
    return error.message;
  }

  it("accepts PS256 and EdDSA tokens too", async () => {
    await expect(verify(await idp.mint(key))).resolves.toMatchObject({ id: expect.stringMatching(/^jwt:/) });
    await expect(verify(await idp.mint(ed))).resolves.toMatchObject({ id: expect.stringMatching(/^jwt:/) });
  });

  it.each([
    ["a space-separated scope", { scope: "customers:read  customers:write " }, ["customers:read", "customers:write"]],
    ["an scp array", { scp: ["customers:read", 42, ""] }, ["customers:read"]],
    ["an scp string (as Entra ID sends it)", { scp: "customers:write" }, ["customers:write"]],
    ["both", { scope: "a", scp: ["b"] }, ["a", "b"]],
    ["neither", {}, []],
  ])("reads scopes from %s", async (_, claims, scopes) => {
    const holder = await verify(await idp.mint(key, claims));
    expect([...(holder.scopes as Set<string>)].sort()).toEqual(scopes);
  });

  it.each([undefined, "JWT", "jwt", "application/JWT", "at+jwt", "AT+JWT", "application/at+jwt", "Application/At+JWT"])(
    "accepts a token typed %s",
    async (typ) => {
      await expect(verify(await idp.mint(key, {}, { typ }))).resolves.toMatchObject({ id: expect.stringMatching(/^jwt:/) });
    },
  );

  it("names the same subject of the same issuer by the same id, and others by others", async () => {
    const id = async (claims: JWTPayload) => (await verify(await idp.mint(key, claims))).id;
    const user = await id({ sub: "user-1" });
    expect(await id({ sub: "user-1", jti: "x" })).toBe(user);
    expect(await id({ sub: "user-2" })).not.toBe(user);
    expect(user).toMatch(/^jwt:[0-9a-f]{16}$/);
    expect(user).not.toContain("user-1");
  });

  it.each([
    ["expired", () => idp.mint(key, { exp: now() - 120 }), "The access token has expired."],
    ["not valid yet", () => idp.mint(key, { nbf: now() + 120 }), "The access token is not valid yet."],
    ["from another issuer", () => idp.mint(key, { iss: "https://other.example.test/" }), "The access token is from another issuer."],
    ["for another audience", () => idp.mint(key, { aud: "other" }), "The access token is meant for another audience."],
    ["without exp", () => idp.mint(key, { exp: undefined }), "The access token has no exp claim."],
    ["whose exp is no number", () => idp.mint(key, { exp: "tomorrow" as unknown as number }), "The access token's claims are not accepted."],
    ["unsigned", async () => `${base64url({ alg: "none" })}.${base64url({ exp: now() + 60 })}.`, "The access token's algorithm is not accepted (only RS256, PS256, ES256, EdDSA)."],
    [
      "with a bad signature",
      async () => {
        const [header, payload, signature] = (await idp.mint(key)).split(".");
        const bytes = Buffer.from(signature, "base64url");
        bytes[10] ^= 0x80;
        return `${header}.${payload}.${bytes.toString("base64url")}`;
      },
      "The access token's signature does not verify.",
    ],
    ["with a kid the key set lacks", async () => idp.mint({ ...key, kid: "nobody" }), "No key of the identity provider fits the access token."],
    ["not JSON inside", async () => "abc.def.ghi", "The access token is malformed."],
    ["without sub", () => idp.mint(key, { sub: undefined }), "The access token has no sub claim."],
    ["whose sub is empty", () => idp.mint(key, { sub: "" }), "The access token has no sub claim."],
    ["whose sub is no string", () => idp.mint(key, { sub: 7 as unknown as string }), "The access token has no sub claim."],
    ["typed logout+jwt", () => idp.mint(key, {}, { typ: "logout+jwt" }), "The access token's type is not accepted: its typ should be JWT or at+jwt."],
    ["whose typ is no string", () => idp.mint(key, {}, { typ: 1 as unknown as string }), "The access token's type is not accepted: its typ should be JWT or at+jwt."],
    ["typed application/jose", () => idp.mint(key, {}, { typ: "application/jose" }), "The access token's type is not accepted: its typ should be JWT or at+jwt."],
  ])("refuses a token %s, saying so", async (_, token, description) => {
    expect(await refusedBecause(await token())).toBe(description);
  });
});
