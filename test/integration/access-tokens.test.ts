import { createHmac, createPublicKey, type JsonWebKey } from "node:crypto";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { CreateCustomerDocument, CustomerDocument, CustomersDocument } from "../generated/graphql.js";
import { type IdentityProvider, type SigningKey, startIdentityProvider, startIdentityProviderWithKey } from "../helpers/identity-provider.js";
import { startStack, useStack } from "../helpers/stack.js";

const SEEDED_ID = "cst_5ca4fab9dfc7fcbf";
const ALL_SCOPES = "customers:read customers:write";
const NEW_CUSTOMER = { input: { email: "jwt-user@example.com", ip: "10.0.0.3" } };
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
const now = () => Math.floor(Date.now() / 1000);

describe("access tokens (JWT) from the identity provider", () => {
  let idp: IdentityProvider;
  let rsa: SigningKey;
  let ec: SigningKey;
  const stack = useStack(async () => {
    idp = await startIdentityProvider();
    rsa = await idp.newKey("RS256", "rsa-1");
    ec = await idp.newKey("ES256", "ec-1");
    idp.publish(rsa, ec);
    return { env: { ...idp.env, GATEWAY_TOKENS: "machine-token-for-the-batch-job" } };
  });
  afterAll(() => idp.close());

  it.each([
    ["RS256", () => rsa],
    ["ES256", () => ec],
  ])("serves a caller with a valid %s token, with the server-held shop", async (_, key) => {
    const { status, body } = await stack.execute(CustomersDocument, undefined, bearer(await idp.mint(key(), { scope: ALL_SCOPES })));
    expect(status).toBe(200);
    expect(body.data?.customers.map((customer) => customer.id)).toContain(SEEDED_ID);
    expect(stack.sandbox.calls.map((call) => call.shopId)).toEqual(["361"]);
  });

  it("serves static tokens and access tokens side by side", async () => {
    const asMachine = await stack.execute(CustomerDocument, { id: SEEDED_ID }, bearer("machine-token-for-the-batch-job"));
    const asUser = await stack.execute(CustomerDocument, { id: SEEDED_ID }, bearer(await idp.mint(rsa, { scope: ALL_SCOPES })));
    expect(asMachine.body.data?.customer?.id).toBe(SEEDED_ID);
    expect(asUser.body.data?.customer?.id).toBe(SEEDED_ID);
  });

  it("accepts a token whose aud lists the gateway among others, and scopes given as scp", async () => {
    const token = await idp.mint(ec, { aud: ["another-api", idp.audience], scp: ["customers:read"] });
    const { status, body } = await stack.execute(CustomerDocument, { id: SEEDED_ID }, bearer(token));
    expect(status).toBe(200);
    expect(body.data?.customer?.id).toBe(SEEDED_ID);
  });

  it.each([
    ["expired 10 s ago", { exp: -10 }],
    ["valid from 10 s ahead", { nbf: 10 }],
  ])("allows 30 s of clock drift: serves a token %s", async (_, offsets) => {
    const claims = Object.fromEntries(Object.entries(offsets).map(([claim, offset]) => [claim, now() + offset]));
    const { status } = await stack.execute(CustomersDocument, undefined, bearer(await idp.mint(rsa, { scope: ALL_SCOPES, ...claims })));
    expect(status).toBe(200);
  });

  const refusedTokens: Array<[string, () => Promise<string>]> = [
    ["an expired token (beyond the tolerance)", () => idp.mint(rsa, { exp: now() - 60 })],
    ["a token not valid yet (beyond the tolerance)", () => idp.mint(rsa, { nbf: now() + 60 })],
    ["a token from another issuer", () => idp.mint(rsa, { iss: "https://evil.example.test/" })],
    ["a token for another audience", () => idp.mint(ec, { aud: "another-api" })],
    ["a token with no exp", () => idp.mint(rsa, { exp: undefined })],
    ["a token with no sub", () => idp.mint(rsa, { sub: undefined, scope: ALL_SCOPES })],
    ["a token whose sub is empty", () => idp.mint(rsa, { sub: "", scope: ALL_SCOPES })],
    ["a token whose sub is not a string", () => idp.mint(rsa, { sub: 42 as unknown as string, scope: ALL_SCOPES })],
    ["a logout token (typ logout+jwt)", () => idp.mint(rsa, { scope: ALL_SCOPES }, { typ: "logout+jwt" })],
    ["a token typed as a DPoP proof", () => idp.mint(ec, { scope: ALL_SCOPES }, { typ: "dpop+jwt" })],
    ["a token typed JOSE", () => idp.mint(ec, { scope: ALL_SCOPES }, { typ: "JOSE" })],
    [
      "a token whose payload was altered after signing",
      async () => {
        const [header, , signature] = (await idp.mint(rsa, { scope: "customers:read" })).split(".");
        return `${header}.${base64url({ iss: idp.issuer, aud: idp.audience, sub: "user-1", exp: now() + 300, scope: ALL_SCOPES })}.${signature}`;
      },
    ],
    [
      "a token with a flipped signature byte",
      async () => {
        const [header, payload, signature] = (await idp.mint(ec, { scope: ALL_SCOPES })).split(".");
        const bytes = Buffer.from(signature, "base64url");
        bytes[0] ^= 1;
        return `${header}.${payload}.${bytes.toString("base64url")}`;
      },
    ],
    ["an unsigned token (alg none)", async () => `${base64url({ alg: "none", typ: "JWT" })}.${base64url({ iss: idp.issuer, aud: idp.audience, sub: "user-1", exp: now() + 300, scope: ALL_SCOPES })}.`],
    [
      "an HS256 token signed with the RSA public key as its secret",
      async () => {
        // The public key as PEM, as a confused verifier would feed it to HMAC.
        const secret = createPublicKey({ key: rsa.publicJwk as JsonWebKey, format: "jwk" }).export({ type: "spki", format: "pem" });
        const signed = `${base64url({ alg: "HS256", typ: "JWT", kid: rsa.kid })}.${base64url({ iss: idp.issuer, aud: idp.audience, sub: "user-1", exp: now() + 300, scope: ALL_SCOPES })}`;
        return `${signed}.${createHmac("sha256", secret).update(signed).digest("base64url")}`;
      },
    ],
    ["a token signed by a key the provider never published", async () => idp.mint(await idp.newKey("RS256", "rsa-1"), { scope: ALL_SCOPES })],
    ["something that looks like a JWT but is not one", async () => "not.a.jwt"],
  ];

  it.each(refusedTokens)("refuses %s: HTTP 401 invalid_token, bePaid not called", async (_, token) => {
    const { status, headers, body } = await stack.execute(CustomersDocument, undefined, bearer(await token()));
    expect(status).toBe(401);
    expect(headers.get("www-authenticate")).toMatch(/^Bearer error="invalid_token", error_description="[^"\\]+"$/);
    expect(body).toEqual({ errors: [{ message: expect.any(String), extensions: { code: "UNAUTHENTICATED" } }] });
    expect(stack.upstreamCalls()).toBe(0);
  });

  it.each([
    ["no typ", undefined],
    ["typ JWT", "JWT"],
    ["typ at+jwt", "at+jwt"],
    ["typ application/at+jwt", "application/at+jwt"],
    ["typ AT+JWT (types ignore case)", "AT+JWT"],
  ])("serves an access token with %s", async (_, typ) => {
    const { status, body } = await stack.execute(CustomerDocument, { id: SEEDED_ID }, bearer(await idp.mint(rsa, { scope: ALL_SCOPES }, { typ })));
    expect(status).toBe(200);
    expect(body.data?.customer?.id).toBe(SEEDED_ID);
  });

  it("says why a token without a subject, or of another type, is refused", async () => {
    const noSubject = await stack.execute(CustomersDocument, undefined, bearer(await idp.mint(rsa, { sub: undefined, scope: ALL_SCOPES })));
    expect(noSubject.body.errors?.[0]?.message).toBe("The access token has no sub claim.");
    const idToken = await stack.execute(CustomersDocument, undefined, bearer(await idp.mint(rsa, { scope: ALL_SCOPES }, { typ: "logout+jwt" })));
    expect(idToken.headers.get("www-authenticate")).toBe(
      'Bearer error="invalid_token", error_description="The access token\'s type is not accepted: its typ should be JWT or at+jwt."',
    );
  });

  it("checks a bearer that is no JWT against the static tokens only, without fetching keys", async () => {
    const fetched = idp.fetches();
    const { status, body } = await stack.execute(CustomersDocument, undefined, bearer("an-opaque-token"));
    expect(status).toBe(401);
    expect(body.errors?.[0]?.message).toBe("The bearer is neither a known token nor an access token.");
    expect(idp.fetches()).toBe(fetched);
  });

  it("says which check failed, and never echoes the token", async () => {
    const token = await idp.mint(rsa, { exp: now() - 60 });
    const { headers, body } = await stack.execute(CustomersDocument, undefined, bearer(token));
    expect(body.errors?.[0]?.message).toMatch(/expired/);
    expect(headers.get("www-authenticate")).toContain("expired");
    expect(JSON.stringify(body) + headers.get("www-authenticate")).not.toContain(token.split(".")[1]);
  });

  it("names the caller in the log by a stable id derived from issuer and subject, never by the token", async () => {
    const first = await idp.mint(rsa, { sub: "user-42", scope: ALL_SCOPES });
    const second = await idp.mint(ec, { sub: "user-42", scope: ALL_SCOPES, jti: "another" });
    const before = stack.logs.length;
    await stack.execute(CustomersDocument, undefined, bearer(first));
    await stack.execute(CustomersDocument, undefined, bearer(second));
    const lines = stack.logs.slice(before).map((line) => JSON.parse(line) as { caller?: string });
    const callers = lines.map((line) => line.caller).filter((caller) => caller !== undefined);
    expect(callers).toHaveLength(2);
    expect(callers[0]).toMatch(/^jwt:[0-9a-f]{16}$/);
    expect(callers[1]).toBe(callers[0]);
    const logged = stack.logs.join("");
    for (const token of [first, second]) for (const part of token.split(".")) expect(logged).not.toContain(part);
    expect(logged).not.toContain("user-42");
  });

  describe("scopes per field", () => {
    it("answers reads to a read-only token and refuses its create with FORBIDDEN at the field, no POST sent", async () => {
      const token = await idp.mint(rsa, { scope: "customers:read" });
      const read = await stack.execute(CustomerDocument, { id: SEEDED_ID }, bearer(token));
      expect(read.body.data?.customer?.id).toBe(SEEDED_ID);

      const { status, body } = await stack.execute(CreateCustomerDocument, NEW_CUSTOMER, bearer(token));
      expect(status).toBe(200);
      expect(body.data).toEqual({ createCustomer: null });
      expect(body.errors).toEqual([
        expect.objectContaining({
          message: expect.stringContaining("`customers:write` scope"),
          path: ["createCustomer"],
          extensions: { code: "FORBIDDEN", requiredScope: "customers:write" },
        }),
      ]);
      expect(stack.upstreamCalls("POST")).toBe(0);
    });

    it("creates for a token with customers:write", async () => {
      const { body } = await stack.execute(CreateCustomerDocument, NEW_CUSTOMER, bearer(await idp.mint(ec, { scp: ["customers:write"] })));
      expect(body.data?.createCustomer?.id).toMatch(/^cst_/);
      expect(stack.upstreamCalls("POST")).toBe(1);
    });

    it("in one operation, nulls the refused nullable field and still answers the others", async () => {
      const token = await idp.mint(rsa, { scope: "customers:write" });
      const { status, body } = await stack.query(
        `query { __typename one: customer(id: "${SEEDED_ID}") { id } two: customer(id: "cst_other") { id } }`,
        undefined,
        bearer(token),
      );
      expect(status).toBe(200);
      expect(body.data).toEqual({ __typename: "Query", one: null, two: null });
      expect(body.errors?.map((error) => [error.path, error.extensions])).toEqual([
        [["one"], { code: "FORBIDDEN", requiredScope: "customers:read" }],
        [["two"], { code: "FORBIDDEN", requiredScope: "customers:read" }],
      ]);
      expect(stack.upstreamCalls()).toBe(0);
    });

    it("nulls the whole answer when the refused field is the non-null customers list", async () => {
      const token = await idp.mint(rsa, { scope: "customers:write" });
      const { status, body } = await stack.query(`query { customer(id: "${SEEDED_ID}") { id } customers { id } }`, undefined, bearer(token));
      expect(status).toBe(200);
      expect(body.data).toBeNull();
      expect(body.errors?.map((error) => error.extensions?.code)).toEqual(["FORBIDDEN", "FORBIDDEN"]);
      expect(stack.upstreamCalls()).toBe(0);
    });

    it("refuses every field to a token with no scope at all, and every create in a mutation", async () => {
      const token = await idp.mint(ec);
      const { body } = await stack.query(
        `mutation { a: createCustomer(input: { email: "a@example.com", ip: "10.0.0.1" }) { id } b: createCustomer(input: { email: "b@example.com", ip: "10.0.0.2" }) { id } }`,
        undefined,
        bearer(token),
      );
      expect(body.data).toEqual({ a: null, b: null });
      expect(body.errors?.map((error) => error.extensions?.requiredScope)).toEqual(["customers:write", "customers:write"]);
      expect(stack.upstreamCalls()).toBe(0);
    });

    it("gives a static token every scope", async () => {
      const { body } = await stack.execute(CreateCustomerDocument, NEW_CUSTOMER, bearer("machine-token-for-the-batch-job"));
      expect(body.data?.createCustomer?.id).toMatch(/^cst_/);
    });
  });
});

describe("access tokens on the Federation subgraph", () => {
  let idp: IdentityProvider;
  let key: SigningKey;
  const stack = useStack(async () => {
    ({ idp, key } = await startIdentityProviderWithKey("ES256", "ec-1"));
    return { env: { ...idp.env, GATEWAY_FEDERATION: "true" } };
  });
  afterAll(() => idp.close());
  const ENTITIES = "query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Customer { id } } }";
  const representations = [{ __typename: "Customer", id: SEEDED_ID }];

  it("resolves a router's references only for a token with customers:read, as customer(id) does", async () => {
    const refused = await stack.query(ENTITIES, { representations }, bearer(await idp.mint(key, { scope: "customers:write" })));
    expect(refused.body.data).toEqual({ _entities: [null] });
    expect(refused.body.errors?.map((error) => [error.path, error.extensions])).toEqual([
      [["_entities", 0], { code: "FORBIDDEN", requiredScope: "customers:read" }],
    ]);
    expect(stack.upstreamCalls()).toBe(0);

    const served = await stack.query(ENTITIES, { representations }, bearer(await idp.mint(key, { scope: "customers:read" })));
    expect(served.body).toEqual({ data: { _entities: [{ id: SEEDED_ID }] } });
  });
});

/** A fresh identity provider publishing one key, and a gateway in front of the sandbox that trusts it. */
async function providerAndGateway(alg: SigningKey["alg"], kid: string, env: Record<string, string> = {}) {
  const idp = await startIdentityProvider();
  const key = await idp.newKey(alg, kid);
  idp.publish(key);
  const stack = await startStack({ env: { ...idp.env, ...env } });
  /** The HTTP status of a `customers` read with a token signed by `signer`. */
  const statusWith = async (signer: SigningKey) =>
    (await stack.execute(CustomersDocument, undefined, bearer(await idp.mint(signer, { scope: ALL_SCOPES })))).status;
  const close = async () => {
    await stack.close();
    await idp.close();
  };
  return { idp, key, stack, statusWith, close };
}

describe("the identity provider's keys over time", () => {
  afterEach(() => vi.useRealTimers());

  it("picks up a key published later (rotation), refetching at most every 30 s", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() });
    const { idp, key: old, statusWith, close } = await providerAndGateway("RS256", "2026-old");
    try {
      expect(await statusWith(old)).toBe(200);
      expect(idp.fetches()).toBe(1);

      const rotated = await idp.newKey("ES256", "2026-new");
      idp.publish(old, rotated);
      // Within 30 s of the last fetch an unknown kid is not worth another one.
      expect(await statusWith(rotated)).toBe(401);
      expect(idp.fetches()).toBe(1);

      vi.setSystemTime(Date.now() + 31_000);
      expect(await statusWith(rotated)).toBe(200);
      expect(idp.fetches()).toBe(2);
      // Known keys are served from the cache.
      expect(await statusWith(old)).toBe(200);
      expect(idp.fetches()).toBe(2);
    } finally {
      await close();
    }
  });

  it.each([
    ["answers 500", (idp: IdentityProvider) => idp.fail(500)],
    ["drops connections", (idp: IdentityProvider) => idp.drop(true)],
  ])("fetches the key set at most once per 30 s while the provider %s, however many forged kids arrive", async (_, breakIt) => {
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() });
    const { idp, key, stack, statusWith, close } = await providerAndGateway("ES256", "ec-1");
    try {
      expect(await statusWith(key)).toBe(200);
      breakIt(idp);
      vi.setSystemTime(Date.now() + 31_000);
      const fetched = idp.fetches();
      const forged: number[] = [];
      for (let n = 0; n < 100; n += 1) forged.push(await statusWith(await idp.newKey("ES256", `forged-${n}`)));
      // No key fits and the provider cannot say otherwise: unavailable, never bePaid.
      expect(new Set(forged)).toEqual(new Set([503]));
      expect(idp.fetches() - fetched).toBeLessThanOrEqual(1);
      expect(stack.upstreamCalls()).toBe(1);
      // Valid tokens keep verifying with the cached key.
      expect(await statusWith(key)).toBe(200);
    } finally {
      await close();
    }
  });

  it("answers a valid token at once when its key is cached, while a stale set's refresh hangs on the provider", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() });
    const { idp, key, statusWith, close } = await providerAndGateway("ES256", "ec-1");
    try {
      expect(await statusWith(key)).toBe(200);
      idp.hang(true);
      vi.setSystemTime(Date.now() + 11 * 60_000);
      expect(await statusWith(key)).toBe(200);
      expect(await statusWith(key)).toBe(200);
      // Both were answered while the provider held the one refresh unanswered.
      await vi.waitFor(() => expect(idp.held()).toBe(1));
      expect(idp.fetches()).toBe(2);
    } finally {
      await close();
    }
  });

  it("refuses a key set answer over 1 MiB: no key from it verifies", async () => {
    const idp = await startIdentityProvider();
    const key = await idp.newKey("ES256", "ec-1");
    idp.publish(key);
    idp.oversize(2 * 1024 * 1024, { chunked: true });
    const stack = await startStack({ env: idp.env });
    try {
      const { status, body } = await stack.execute(CustomersDocument, undefined, bearer(await idp.mint(key, { scope: ALL_SCOPES })));
      expect(status).toBe(503);
      expect(body.errors?.[0]?.extensions?.code).toBe("AUTH_UNAVAILABLE");
      expect(stack.upstreamCalls()).toBe(0);
    } finally {
      await stack.close();
      await idp.close();
    }
  });

  it("answers 503 AUTH_UNAVAILABLE when the key set cannot be fetched and no key is cached, without calling bePaid", async () => {
    const { idp, key, stack, close } = await providerAndGateway("RS256", "rsa-1", { GATEWAY_TOKENS: "machine-token-for-the-batch-job" });
    await idp.close();
    try {
      const { status, body } = await stack.execute(CustomersDocument, undefined, bearer(await idp.mint(key, { scope: ALL_SCOPES })));
      expect(status).toBe(503);
      expect(body).toEqual({ errors: [{ message: expect.stringMatching(/try again/i), extensions: { code: "AUTH_UNAVAILABLE" } }] });
      expect(stack.upstreamCalls()).toBe(0);
      // Static tokens need no key set.
      expect((await stack.execute(CustomersDocument, undefined, bearer("machine-token-for-the-batch-job"))).status).toBe(200);
      expect(stack.logs.filter((line) => line.includes("key set cannot be fetched"))).toHaveLength(1);
    } finally {
      await close();
    }
  });

  it("keeps verifying with the keys it fetched while the provider is down, and answers 503 for a key it never saw", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() });
    const { idp, key, stack, statusWith, close } = await providerAndGateway("ES256", "ec-1");
    try {
      expect(await statusWith(key)).toBe(200);
      idp.fail(503);
      // Past jose's 10-minute cache age, a refetch is due and fails: the cached key still serves.
      vi.setSystemTime(Date.now() + 11 * 60_000);
      expect(await statusWith(key)).toBe(200);

      const unseen = await idp.newKey("ES256", "ec-2");
      const callsBefore = stack.upstreamCalls();
      const { status, body } = await stack.execute(CustomersDocument, undefined, bearer(await idp.mint(unseen, { scope: ALL_SCOPES })));
      expect(status).toBe(503);
      expect(body.errors?.[0]?.extensions?.code).toBe("AUTH_UNAVAILABLE");
      expect(stack.upstreamCalls()).toBe(callsBefore);
    } finally {
      await close();
    }
  });
});
