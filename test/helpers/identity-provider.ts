import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { type CryptoKey, exportJWK, generateKeyPair, type JWK, type JWTPayload, SignJWT } from "jose";

/** A signing key of the test's identity provider, with its public half as the JWKS lists it. */
export interface SigningKey {
  kid: string;
  alg: "RS256" | "PS256" | "ES256" | "EdDSA";
  privateKey: CryptoKey;
  publicJwk: JWK;
}

/** An identity provider as the gateway sees it: a JWKS over real HTTP, and tokens signed by its keys. */
export interface IdentityProvider {
  jwksUrl: string;
  issuer: string;
  audience: string;
  /** The environment that points a gateway at this provider. */
  env: Record<string, string>;
  /** Makes a key; it is listed in the JWKS only once {@link publish}ed. */
  newKey(alg: SigningKey["alg"], kid: string): Promise<SigningKey>;
  /** Sets the keys the JWKS lists from now on. */
  publish(...keys: SigningKey[]): void;
  /**
   * A signed token: `iss`, `aud`, `sub`, `iat` and an `exp` 5 minutes ahead unless `claims`
   * overrides them (`undefined` removes a claim), signed with `key` and its `kid`.
   */
  mint(key: SigningKey, claims?: JWTPayload): Promise<string>;
  /** GET requests the JWKS has answered. */
  fetches(): number;
  /** From now on the JWKS answers with this status and no key set (`undefined`: it answers again). */
  fail(status: number | undefined): void;
  /** Stops answering: connections are refused from now on. */
  close(): Promise<void>;
}

/** Starts a JWKS server on an ephemeral loopback port, with no keys listed yet. */
export async function startIdentityProvider(): Promise<IdentityProvider> {
  let keys: SigningKey[] = [];
  let fetches = 0;
  let failing: number | undefined;
  const server = createServer((_request, response) => {
    fetches += 1;
    if (failing !== undefined) return void response.writeHead(failing, { "content-type": "text/html" }).end("<h1>down</h1>");
    response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ keys: keys.map((key) => key.publicJwk) }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const jwksUrl = `http://127.0.0.1:${port}/.well-known/jwks.json`;
  const issuer = "https://login.example.test/";
  const audience = "bepaid-gateway";

  return {
    jwksUrl,
    issuer,
    audience,
    env: { GATEWAY_JWKS_URL: jwksUrl, GATEWAY_JWT_ISSUER: issuer, GATEWAY_JWT_AUDIENCE: audience },
    async newKey(alg, kid) {
      const { privateKey, publicKey } = await generateKeyPair(alg, alg === "EdDSA" ? { crv: "Ed25519" } : {});
      return { kid, alg, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg, use: "sig" } };
    },
    publish(...published) {
      keys = published;
    },
    async mint(key, claims = {}) {
      const now = Math.floor(Date.now() / 1000);
      const payload = Object.fromEntries(
        Object.entries({ iss: issuer, aud: audience, sub: "user-1", iat: now, exp: now + 300, ...claims }).filter(([, value]) => value !== undefined),
      );
      return new SignJWT(payload).setProtectedHeader({ alg: key.alg, kid: key.kid, typ: "JWT" }).sign(key.privateKey);
    },
    fetches: () => fetches,
    fail(status) {
      failing = status;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
