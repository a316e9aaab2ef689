import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
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
   * overrides them (`undefined` removes a claim), signed with `key` and its `kid`, typed `JWT`
   * unless `typ` says otherwise (`undefined`: no `typ` header).
   */
  mint(key: SigningKey, claims?: JWTPayload, header?: { typ?: string | undefined }): Promise<string>;
  /** GET requests the JWKS has received (answered or not). */
  fetches(): number;
  /** From now on the JWKS answers with this status and no key set (`undefined`: it answers again). */
  fail(status: number | undefined): void;
  /** From now on the JWKS answers 200 with this JSON text instead of the key set (`undefined`: the key set again). */
  respond(text: string | undefined): void;
  /** From now on the JWKS drops each request's connection without an answer (`false`: it answers again). */
  drop(dropping: boolean): void;
  /** From now on the JWKS takes requests and never answers them (`false`: it answers again). */
  hang(hanging: boolean): void;
  /** Requests the JWKS holds unanswered ({@link hang}) whose connection is still open. */
  held(): number;
  /**
   * From now on the JWKS sends a 200's head and the start of a body, then `"drop"`s the
   * connection or `"hang"`s on it (`undefined`: it answers whole again).
   */
  breakOff(how: "drop" | "hang" | undefined): void;
  /** The headers of the last request the JWKS received. */
  lastRequestHeaders(): IncomingHttpHeaders | undefined;
  /** Answers whose connection closed before the JWKS had written them whole. */
  cut(): number;
  /**
   * From now on the key set is padded to `bytes` (a valid set with an extra member), sent with a
   * `Content-Length` or, with `chunked`, without one (`undefined`: the plain set again).
   */
  oversize(bytes: number | undefined, options?: { chunked: boolean }): void;
  /** Stops answering: connections are refused from now on. */
  close(): Promise<void>;
}

/** Starts a JWKS server on an ephemeral loopback port, with no keys listed yet. */
export async function startIdentityProvider(): Promise<IdentityProvider> {
  let keys: SigningKey[] = [];
  let fetches = 0;
  let failing: number | undefined;
  let answer: string | undefined;
  let hanging = false;
  let dropping = false;
  let breaking: "drop" | "hang" | undefined;
  let lastHeaders: IncomingHttpHeaders | undefined;
  let cut = 0;
  const held = new Set<ServerResponse>();
  let padding: { bytes: number; chunked: boolean } | undefined;
  const server = createServer((request, response) => {
    fetches += 1;
    lastHeaders = request.headers;
    response.once("close", () => void (response.writableFinished || (cut += 1)));
    if (dropping) return void response.socket?.destroy();
    if (hanging) {
      held.add(response);
      return void response.once("close", () => held.delete(response));
    }
    if (breaking) {
      response.writeHead(200, { "content-type": "application/json" }).write('{"keys":[');
      return void (breaking === "drop" ? setTimeout(() => response.socket?.destroy(), 50) : held.add(response));
    }
    if (failing !== undefined) return void response.writeHead(failing, { "content-type": "text/html" }).end("<h1>down</h1>");
    if (answer !== undefined) return void response.writeHead(200, { "content-type": "application/json" }).end(answer);
    const set = JSON.stringify({ keys: keys.map((key) => key.publicJwk) });
    if (!padding) return void response.writeHead(200, { "content-type": "application/json" }).end(set);
    // `{"keys":[…]}` becomes `{"keys":[…],"padding":"xx…"}`, `bytes` long in all.
    const padded = `${set.slice(0, -1)},"padding":"${"x".repeat(Math.max(0, padding.bytes - set.length - 13))}"}`;
    if (!padding.chunked) return void response.writeHead(200, { "content-type": "application/json" }).end(padded);
    // 64 KiB a turn of the event loop, as a large answer arrives: a client that stops reading cuts it short.
    response.writeHead(200, { "content-type": "application/json", "transfer-encoding": "chunked" });
    const sendFrom = (at: number): void => {
      if (response.destroyed) return;
      if (at >= padded.length) return void response.end();
      response.write(padded.slice(at, at + 64 * 1024));
      setImmediate(() => sendFrom(at + 64 * 1024));
    };
    sendFrom(0);
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
    async mint(key, claims = {}, header = { typ: "JWT" }) {
      const now = Math.floor(Date.now() / 1000);
      const payload = Object.fromEntries(
        Object.entries({ iss: issuer, aud: audience, sub: "user-1", iat: now, exp: now + 300, ...claims }).filter(([, value]) => value !== undefined),
      );
      const typ = "typ" in header ? header.typ : "JWT";
      return new SignJWT(payload).setProtectedHeader({ alg: key.alg, kid: key.kid, ...(typ !== undefined && { typ }) }).sign(key.privateKey);
    },
    fetches: () => fetches,
    fail(status) {
      failing = status;
    },
    respond(text) {
      answer = text;
    },
    breakOff(how) {
      breaking = how;
    },
    lastRequestHeaders: () => lastHeaders,
    cut: () => cut,
    drop(on) {
      dropping = on;
    },
    hang(on) {
      hanging = on;
    },
    held: () => held.size,
    oversize(bytes, { chunked } = { chunked: false }) {
      padding = bytes === undefined ? undefined : { bytes, chunked };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A provider that publishes one freshly made key, and that key. */
export async function startIdentityProviderWithKey(alg: SigningKey["alg"], kid: string): Promise<{ idp: IdentityProvider; key: SigningKey }> {
  const idp = await startIdentityProvider();
  const key = await idp.newKey(alg, kid);
  idp.publish(key);
  return { idp, key };
}
