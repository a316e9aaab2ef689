import { GraphQLError } from "graphql";
import { describe, expect, it } from "vitest";
import { createCallerAuthenticator } from "../../src/auth/authenticate-caller.js";
import type { GatewayConfig } from "../../src/config.js";
import type { BepaidCredentials } from "../../src/bepaid/types.js";

const SERVER: BepaidCredentials = { shopId: "361", secretKey: "server-secret" };
const TOKENS = ["token-a", "token-b"];

/** The authenticator as a function of the `Authorization` header alone, answering the credentials it grants. */
function authenticatorFor(callers: GatewayConfig["callers"], server: BepaidCredentials | undefined) {
  const authenticate = createCallerAuthenticator(callers, server);
  return (authorization: string | undefined) => authenticate({ authorization, remoteAddress: "127.0.0.1" }).credentials;
}

const basic = (text: string) => `Basic ${Buffer.from(text, "utf8").toString("base64")}`;

/** The error `authenticate(header)` throws; fails the test when it does not throw. */
function refusal(authenticate: (header: string | undefined) => unknown, header: string | undefined): GraphQLError {
  try {
    authenticate(header);
  } catch (error) {
    expect(error).toBeInstanceOf(GraphQLError);
    return error as GraphQLError;
  }
  throw new Error(`expected ${JSON.stringify(header)} to be refused`);
}

function expectUnauthenticated(error: GraphQLError) {
  expect(error.extensions.code).toBe("UNAUTHENTICATED");
  expect((error.extensions.http as { status?: number } | undefined)?.status).toBe(401);
}

describe("createCallerAuthenticator with bearer tokens", () => {
  const authenticate = authenticatorFor({ tokens: TOKENS, passthrough: false, anonymous: false }, SERVER);

  it("gives a caller with a known token the server-held credentials", () => {
    expect(authenticate("Bearer token-a")).toEqual(SERVER);
    expect(authenticate("bearer   token-b ")).toEqual(SERVER);
  });

  it("refuses an unknown token with UNAUTHENTICATED and HTTP 401", () => {
    expectUnauthenticated(refusal(authenticate, "Bearer token-c"));
  });

  it("refuses a token that is only a prefix of a known one", () => {
    expectUnauthenticated(refusal(authenticate, "Bearer token"));
  });

  it("refuses a caller with no Authorization header", () => {
    expectUnauthenticated(refusal(authenticate, undefined));
    expectUnauthenticated(refusal(authenticate, "  "));
  });

  it("does not echo the token it refused", () => {
    expect(refusal(authenticate, "Bearer wrong-token-123").message).not.toContain("wrong-token-123");
  });

  it("refuses Basic credentials when pass-through is off", () => {
    expectUnauthenticated(refusal(authenticate, basic("42:shop-secret")));
  });
});

describe("createCallerAuthenticator with anonymous callers", () => {
  it("gives a caller with no header the server-held credentials when anonymous access is configured", () => {
    const authenticate = authenticatorFor({ tokens: [], passthrough: false, anonymous: true }, SERVER);
    expect(authenticate(undefined)).toEqual(SERVER);
  });

  it("refuses a caller with no header when anonymous access is not configured", () => {
    const authenticate = authenticatorFor({ tokens: [], passthrough: true, anonymous: false }, SERVER);
    expectUnauthenticated(refusal(authenticate, undefined));
  });
});

describe("createCallerAuthenticator with pass-through", () => {
  const authenticate = authenticatorFor({ tokens: TOKENS, passthrough: true, anonymous: false }, SERVER);

  it("uses the caller's own Basic shop:secret", () => {
    expect(authenticate(basic("42:shop-secret"))).toEqual({ shopId: "42", secretKey: "shop-secret" });
  });

  it("keeps every colon after the first in the secret", () => {
    expect(authenticate(basic("42:se:cr:et"))).toEqual({ shopId: "42", secretKey: "se:cr:et" });
  });

  it("still accepts bearer tokens beside it", () => {
    expect(authenticate("Bearer token-a")).toEqual(SERVER);
  });

  it("works with no server-held credentials at all", () => {
    const passthroughOnly = authenticatorFor({ tokens: [], passthrough: true, anonymous: false }, undefined);
    expect(passthroughOnly(basic("42:shop-secret"))).toEqual({ shopId: "42", secretKey: "shop-secret" });
    expectUnauthenticated(refusal(passthroughOnly, "Bearer token-a"));
  });

  it.each([
    ["no colon", basic("42shop-secret")],
    ["no shop id", basic(":shop-secret")],
    ["no secret", basic("42:")],
    ["nothing after the scheme", "Basic"],
  ])("refuses malformed Basic credentials (%s)", (_, header) => {
    expectUnauthenticated(refusal(authenticate, header));
  });

  it("does not echo the Basic credentials it refused", () => {
    const error = refusal(authenticate, basic("42shop-secret"));
    expect(error.message).not.toContain("42shop-secret");
    expect(error.message).not.toContain(Buffer.from("42shop-secret").toString("base64"));
  });
});

describe("createCallerAuthenticator with other schemes", () => {
  it("refuses a scheme it does not accept", () => {
    const authenticate = authenticatorFor({ tokens: TOKENS, passthrough: true, anonymous: false }, SERVER);
    expectUnauthenticated(refusal(authenticate, "Digest username=x"));
  });
});
