import { createHash } from "node:crypto";
import { BoundedCache } from "../cache/bounded-cache.js";
import type { BepaidCredentials } from "../bepaid/types.js";
import type { GatewayConfig } from "../config.js";
import type { GatewayLogger } from "../logger.js";
import { createAccessTokenVerifier } from "./access-token.js";
import { readAuthorizationHeader } from "./authorization-header.js";
import { decodeBasicCredentials } from "./basic-credentials.js";
import type { Caller, CallerRequest } from "./caller.js";
import { invalidToken, unauthenticated } from "./challenges.js";
import { createStaticTokens } from "./static-tokens.js";

/** Client addresses whose anonymous ids are kept at once. */
const MAX_CACHED_ADDRESSES = 4096;

/** Decides, from a request's `Authorization` header, who the caller is and which credentials its calls use. */
export type AuthenticateCaller = (request: CallerRequest) => Promise<Caller>;

/** Options of {@link createCallerAuthenticator}. */
export interface CallerAuthenticatorOptions {
  /** Which callers are served: tokens, access tokens, pass-through, anonymous. */
  callers: GatewayConfig["callers"];
  /** The server-held bePaid credentials; `undefined` when only pass-through callers are served. */
  serverCredentials: BepaidCredentials | undefined;
  /** Where the access tokens' key-set outages and an ignored bearer are logged. */
  logger: GatewayLogger;
}

const BEARER_CHALLENGE = 'Bearer realm="bepaid-gateway"';
// RFC 7617: Basic's realm is required; the charset says the secret is read as UTF-8.
const BASIC_CHALLENGE = 'Basic realm="bePaid shop", charset="UTF-8"';

/**
 * Builds the caller check from the config. A bearer is one of `GATEWAY_TOKENS` or, with
 * `GATEWAY_JWKS_URL`, an access token (a JWT: three dot-separated parts); both unlock the
 * server-held credentials. With pass-through, `Basic shop_id:secret_key` is the caller's own.
 * With anonymous access, no header means the server-held credentials; outside production with
 * no tokens at all, a bearer is ignored rather than refused. Anything else throws
 * `UNAUTHENTICATED` with HTTP 401 (or `AUTH_UNAVAILABLE`, 503), before bePaid is called.
 *
 * Basic credentials with pass-through off are refused even when anonymous callers are served:
 * serving them as anonymous would quietly use another shop than the one the caller named.
 */
export function createCallerAuthenticator({ callers, serverCredentials, logger }: CallerAuthenticatorOptions): AuthenticateCaller {
  const staticToken = createStaticTokens(callers.tokens);
  const verifyAccessToken = callers.accessTokens && createAccessTokenVerifier(callers.accessTokens, { logger });
  const bearer = callers.tokens.length > 0 || verifyAccessToken !== undefined;
  const schemes = [bearer ? "Bearer" : undefined, callers.passthrough ? "Basic" : undefined].filter((scheme) => scheme !== undefined);
  const challenge =
    [bearer ? BEARER_CHALLENGE : undefined, callers.passthrough ? BASIC_CHALLENGE : undefined].filter((scheme) => scheme !== undefined).join(", ") ||
    BEARER_CHALLENGE;
  const accepted = schemes.length > 0 ? `send Authorization: ${schemes.join(" or ")}` : "send no Authorization header";
  let bearerIgnoredLogged = false;

  // Ids of recent client addresses: a digest per address, not per request (hashing every
  // request shows in the CPU profile of small operations).
  const addressIds = new BoundedCache<string, string>({ max: MAX_CACHED_ADDRESSES });
  const anonymousId = (remoteAddress: string): string => {
    let id = addressIds.get(remoteAddress);
    // A memo only: with it or without it (or evicted at any size) the id is the same digest, so
    // Stryker's mutants of these lines are equivalent and not counted.
    // Stryker disable next-line all
    if (id === undefined) {
      // A client address is personal data: logs and rate-limit keys get a digest, the same on every replica.
      id = `anonymous:${createHash("sha256").update(remoteAddress).digest("hex").slice(0, 16)}`;
      // Stryker disable next-line all
      addressIds.set(remoteAddress, id);
    }
    return id;
  };
  const anonymous = (credentials: BepaidCredentials, remoteAddress: string | undefined): Caller => ({
    id: remoteAddress === undefined ? "anonymous:unknown" : anonymousId(remoteAddress),
    kind: "anonymous",
    credentials,
    scopes: "all",
  });

  const bearerCaller = async (token: string, credentials: BepaidCredentials): Promise<Caller> => {
    const tokenId = staticToken(token);
    if (tokenId) return { id: tokenId, kind: "token", credentials, scopes: "all" };
    if (verifyAccessToken && token.split(".").length === 3) return { ...(await verifyAccessToken(token)), kind: "access-token", credentials };
    throw invalidToken(verifyAccessToken ? "The bearer is neither a known token nor an access token." : "The bearer token is not valid.");
  };

  return async ({ authorization, remoteAddress }) => {
    const header = readAuthorizationHeader(authorization);
    if (header.kind === "none") {
      if (callers.anonymous && serverCredentials) return anonymous(serverCredentials, remoteAddress);
      throw unauthenticated(`Authentication required: ${accepted}.`, challenge);
    }
    if (header.scheme === "bearer" && callers.ignoreBearer && serverCredentials) {
      if (!bearerIgnoredLogged) {
        bearerIgnoredLogged = true;
        logger.warn("Authorization: Bearer ignored: neither GATEWAY_TOKENS nor GATEWAY_JWKS_URL is set, so callers are served anonymously (development only; logged once)");
      }
      return anonymous(serverCredentials, remoteAddress);
    }
    if (header.scheme === "bearer" && bearer && serverCredentials) {
      if (header.kind === "malformed") throw invalidToken("Authorization must be Bearer and one token, with nothing after it.");
      return bearerCaller(header.credential, serverCredentials);
    }
    if (header.scheme === "basic" && callers.passthrough) {
      const credentials = header.kind === "credential" ? decodeBasicCredentials(header.credential) : undefined;
      if (!credentials) throw unauthenticated("The Basic credentials are malformed: expected base64 of shop_id:secret_key in UTF-8.", BASIC_CHALLENGE);
      return { id: passthroughId(credentials), kind: "passthrough", credentials, scopes: "all" };
    }
    throw unauthenticated(`Authorization scheme not accepted here: ${accepted}.`, challenge);
  };
}

/**
 * A pass-through caller is its credential pair: `shop:` and 16 hex digits of SHA-256 over shop
 * id and secret (as JSON, so no two pairs join into one text). A wrong secret is another caller,
 * so guessing one cannot use up, or lock out, the real shop's rate limit.
 */
function passthroughId({ shopId, secretKey }: BepaidCredentials): string {
  return `shop:${createHash("sha256").update(JSON.stringify([shopId, secretKey])).digest("hex").slice(0, 16)}`;
}
