import { GraphQLError } from "graphql";
import { describe, expect, it } from "vitest";
import { createCallerAuthenticator } from "../../src/auth/authenticate-caller.js";
import type { BepaidCredentials } from "../../src/bepaid/types.js";
import type { GatewayConfig } from "../../src/config.js";
import { captureLogger } from "../helpers/capture-logger.js";

const SERVER: BepaidCredentials = { shopId: "361", secretKey: "server-secret" };
const TOKENS = ["token-a", "token-b"];
const NO_CALLERS: GatewayConfig["callers"] = { tokens: [], passthrough: false, anonymous: false, ignoreBearer: false, accessTokens: undefined };

/** The authenticator as a function of the `Authorization` header alone, answering the credentials it grants. */
function authenticatorFor(callers: Partial<GatewayConfig["callers"]>, server: BepaidCredentials | undefined, logger = captureLogger().logger) {
  const authenticate = createCallerAuthenticator({ callers: { ...NO_CALLERS, ...callers }, serverCredentials: server, logger });
  return async (authorization: string | undefined) => (await authenticate({ authorization, remoteAddress: "127.0.0.1" })).credentials;
}

const basic = (text: string) => `Basic ${Buffer.from(text, "utf8").toString("base64")}`;

/** The error `authenticate(header)` rejects with; fails the test when it does not. */
async function refusal(authenticate: (header: string | undefined) => Promise<unknown>, header: string | undefined): Promise<GraphQLError> {
  try {
    await authenticate(header);
  } catch (error) {
    expect(error).toBeInstanceOf(GraphQLError);
    return error as GraphQLError;
  }
  throw new Error(`expected ${JSON.stringify(header)} to be refused`);
}

/** Refused with UNAUTHENTICATED and HTTP 401; answers the challenge sent. */
async function expectUnauthenticated(authenticate: (header: string | undefined) => Promise<unknown>, header: string | undefined) {
  const error = await refusal(authenticate, header);
  expect(error.extensions.code).toBe("UNAUTHENTICATED");
  const http = error.extensions.http as { status?: number; headers?: Map<string, string> } | undefined;
  expect(http?.status).toBe(401);
  return http?.headers?.get("www-authenticate");
}

describe("createCallerAuthenticator with bearer tokens", () => {
  const authenticate = authenticatorFor({ tokens: TOKENS }, SERVER);

  it("gives a caller with a known token the server-held credentials", async () => {
    expect(await authenticate("Bearer token-a")).toEqual(SERVER);
    expect(await authenticate("bearer   token-b ")).toEqual(SERVER);
  });

  it("refuses an unknown token with invalid_token", async () => {
    expect(await expectUnauthenticated(authenticate, "Bearer token-c")).toMatch(/^Bearer error="invalid_token", error_description="[^"]+"$/);
  });

  it("refuses a token that is only a prefix of a known one", async () => {
    await expectUnauthenticated(authenticate, "Bearer token");
  });

  it.each([
    ["a second word", "Bearer token-a extra"],
    ["a second token", "Bearer token-a token-b"],
    ["nothing after the scheme", "Bearer"],
  ])("refuses a bearer header with %s, accepting nothing of it", async (_, header) => {
    expect(await expectUnauthenticated(authenticate, header)).toContain('error="invalid_token"');
  });

  it.each([
    ["no header", undefined],
    ["an empty header", ""],
    ["a blank header", "   "],
  ])("refuses a caller with %s, with a challenge naming no error", async (_, header) => {
    expect(await expectUnauthenticated(authenticate, header)).toBe('Bearer realm="bepaid-gateway"');
  });

  it("does not echo the token it refused", async () => {
    const error = await refusal(authenticate, "Bearer wrong-token-123");
    expect(error.message).not.toContain("wrong-token-123");
    expect(JSON.stringify([...(error.extensions.http as { headers: Map<string, string> }).headers])).not.toContain("wrong-token-123");
  });

  it("refuses Basic credentials when pass-through is off", async () => {
    await expectUnauthenticated(authenticate, basic("42:shop-secret"));
  });

  it("names a token caller by a digest, never by the token", async () => {
    const caller = await createCallerAuthenticator({ callers: { ...NO_CALLERS, tokens: TOKENS }, serverCredentials: SERVER, logger: captureLogger().logger })({
      authorization: "Bearer token-a",
      remoteAddress: "127.0.0.1",
    });
    expect(caller.id).toMatch(/^token:[0-9a-f]{16}$/);
    expect(caller.scopes).toBe("all");
  });
});

describe("createCallerAuthenticator with anonymous callers", () => {
  it("gives a caller with no header the server-held credentials when anonymous access is configured", async () => {
    const authenticate = authenticatorFor({ anonymous: true }, SERVER);
    expect(await authenticate(undefined)).toEqual(SERVER);
    expect(await authenticate("")).toEqual(SERVER);
  });

  it("refuses a caller with no header when anonymous access is not configured", async () => {
    const authenticate = authenticatorFor({ passthrough: true }, SERVER);
    await expectUnauthenticated(authenticate, undefined);
  });

  it("refuses a bearer when anonymous access was allowed in production (nothing to check it against)", async () => {
    const authenticate = authenticatorFor({ anonymous: true, ignoreBearer: false }, SERVER);
    await expectUnauthenticated(authenticate, "Bearer some-app-token");
  });
});

describe("createCallerAuthenticator in development with no tokens", () => {
  const callers = { anonymous: true, ignoreBearer: true };

  it("serves a caller that sends a bearer anyway as anonymous, and says so once in the log", async () => {
    const { logger, entries } = captureLogger();
    const authenticate = authenticatorFor(callers, SERVER, logger);
    expect(await authenticate("Bearer the-apps-own-token")).toEqual(SERVER);
    expect(await authenticate("Bearer another.access.token")).toEqual(SERVER);
    const said = entries().filter((entry) => String(entry.msg).includes("Bearer ignored"));
    expect(said).toHaveLength(1);
    expect(said[0]).toMatchObject({ level: 40 });
    expect(JSON.stringify(entries())).not.toContain("the-apps-own-token");
  });

  it("still refuses Basic credentials, which would name another shop than the one served", async () => {
    const authenticate = authenticatorFor(callers, SERVER);
    expect(await expectUnauthenticated(authenticate, basic("42:shop-secret"))).toBe('Bearer realm="bepaid-gateway"');
    expect((await refusal(authenticate, basic("42:shop-secret"))).message).toBe("Authorization scheme not accepted here: send no Authorization header.");
  });
});

describe("createCallerAuthenticator with pass-through", () => {
  const authenticate = authenticatorFor({ tokens: TOKENS, passthrough: true }, SERVER);

  it("uses the caller's own Basic shop:secret", async () => {
    expect(await authenticate(basic("42:shop-secret"))).toEqual({ shopId: "42", secretKey: "shop-secret" });
  });

  it("keeps every colon after the first in the secret", async () => {
    expect(await authenticate(basic("42:se:cr:et"))).toEqual({ shopId: "42", secretKey: "se:cr:et" });
  });

  it("reads UTF-8 secrets", async () => {
    expect(await authenticate(basic("42:sécret-ключ"))).toEqual({ shopId: "42", secretKey: "sécret-ключ" });
  });

  it("still accepts bearer tokens beside it", async () => {
    expect(await authenticate("Bearer token-a")).toEqual(SERVER);
  });

  it("works with no server-held credentials at all", async () => {
    const passthroughOnly = authenticatorFor({ passthrough: true }, undefined);
    expect(await passthroughOnly(basic("42:shop-secret"))).toEqual({ shopId: "42", secretKey: "shop-secret" });
    expect(await expectUnauthenticated(passthroughOnly, "Bearer token-a")).toBe('Basic realm="bePaid shop", charset="UTF-8"');
  });

  const encoded = Buffer.from("42:shop-secret").toString("base64"); // NDI6c2hvcC1zZWNyZXQ=
  it.each([
    ["no colon", basic("42shop-secret")],
    ["no shop id", basic(":shop-secret")],
    ["no secret", basic("42:")],
    ["nothing after the scheme", "Basic"],
    ["a second word after the credential", `${basic("42:shop-secret")} extra`],
    ["characters outside base64", `Basic ${encoded.slice(0, 4)}*${encoded.slice(4)}`],
    ["base64url characters", `Basic ${Buffer.from("42:s?>~").toString("base64url")}`],
    ["missing padding", `Basic ${encoded.replace(/=+$/, "")}`],
    ["extra padding", `Basic ${encoded}=`],
    ["padding in the middle", `Basic ${encoded.slice(0, 4)}=${encoded.slice(4)}`],
    ["non-zero bits in the padding", `Basic ${encoded.slice(0, -2)}V=`],
    ["bytes that are not UTF-8", `Basic ${Buffer.from([0x34, 0x32, 0x3a, 0xff, 0xfe]).toString("base64")}`],
  ])("refuses Basic credentials with %s instead of repairing them", async (_, header) => {
    expect(await expectUnauthenticated(authenticate, header)).toBe('Basic realm="bePaid shop", charset="UTF-8"');
  });

  it("does not echo the Basic credentials it refused", async () => {
    const error = await refusal(authenticate, basic("42shop-secret"));
    expect(error.message).not.toContain("42shop-secret");
    expect(error.message).not.toContain(Buffer.from("42shop-secret").toString("base64"));
  });
});

describe("createCallerAuthenticator with other schemes", () => {
  it("refuses a scheme it does not accept, naming every scheme it does", async () => {
    const authenticate = authenticatorFor({ tokens: TOKENS, passthrough: true }, SERVER);
    expect(await expectUnauthenticated(authenticate, "Digest username=x")).toBe('Bearer realm="bepaid-gateway", Basic realm="bePaid shop", charset="UTF-8"');
  });
});

describe("createCallerAuthenticator tells the caller what to send", () => {
  it.each([
    [{ tokens: TOKENS }, undefined, "Authentication required: send Authorization: Bearer."],
    [{ passthrough: true }, undefined, "Authentication required: send Authorization: Basic."],
    [{ tokens: TOKENS, passthrough: true }, "Digest x", "Authorization scheme not accepted here: send Authorization: Bearer or Basic."],
    [{ tokens: TOKENS }, "Bearer token-c", "The bearer token is not valid."],
    [{ tokens: TOKENS }, "Bearer token-a token-b", "Authorization must be Bearer and one token, with nothing after it."],
    [{ passthrough: true }, "Basic !!", "The Basic credentials are malformed: expected base64 of shop_id:secret_key in UTF-8."],
  ])("with %o, answers %s with its own sentence", async (callers, header, message) => {
    expect((await refusal(authenticatorFor(callers, SERVER), header)).message).toBe(message);
  });
});

describe("createCallerAuthenticator names callers", () => {
  const name = (callers: Partial<GatewayConfig["callers"]>, authorization: string | undefined, remoteAddress?: string) =>
    createCallerAuthenticator({ callers: { ...NO_CALLERS, ...callers }, serverCredentials: SERVER, logger: captureLogger().logger })({
      authorization,
      remoteAddress,
    });

  it("by a digest of shop id and secret for pass-through: a wrong secret is another caller", async () => {
    const real = (await name({ passthrough: true }, basic("42:shop-secret"))).id;
    expect(real).toMatch(/^shop:[0-9a-f]{16}$/);
    expect(real).not.toContain("42");
    expect((await name({ passthrough: true }, basic("42:shop-secret"))).id).toBe(real);
    expect((await name({ passthrough: true }, basic("42:wrong-secret"))).id).not.toBe(real);
    expect((await name({ passthrough: true }, basic("43:shop-secret"))).id).not.toBe(real);
    // Shop "4" with secret "2:shop-secret" is another pair, not the same text joined otherwise.
    expect((await name({ passthrough: true }, basic("4:2:shop-secret"))).id).not.toBe(real);
  });

  it("by kind: how each proved who it is", async () => {
    expect((await name({ passthrough: true }, basic("42:shop-secret"))).kind).toBe("passthrough");
    expect((await name({ anonymous: true }, undefined)).kind).toBe("anonymous");
    expect((await name({ tokens: ["a-token"] }, "Bearer a-token")).kind).toBe("token");
    // An access token's caller ("access-token") needs a key set over HTTP: test/integration/authenticate-caller.test.ts.
  });

  it("by address for anonymous callers", async () => {
    const id = (await name({ anonymous: true }, undefined, "10.1.2.3")).id;
    expect(id).toMatch(/^anonymous:[0-9a-f]{16}$/);
    expect(id).not.toContain("10.1.2.3");
    expect((await name({ anonymous: true }, undefined, "10.1.2.3")).id).toBe(id);
    expect((await name({ anonymous: true }, undefined, "10.1.2.4")).id).not.toBe(id);
    expect((await name({ anonymous: true }, undefined)).id).toBe("anonymous:unknown");
  });

  it("gives pass-through and anonymous callers every scope", async () => {
    expect((await name({ passthrough: true }, basic("42:shop-secret"))).scopes).toBe("all");
    expect((await name({ anonymous: true }, undefined)).scopes).toBe("all");
  });
});
