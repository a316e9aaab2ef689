import { createHash } from "node:crypto";
import { errors, type JWTPayload, type JWTVerifyResult, jwtVerify } from "jose";
import type { AccessTokenConfig } from "../config.js";
import { ErrorCode } from "../errors/codes.js";
import { GatewayError } from "../errors/gateway-error.js";
import type { GatewayLogger } from "../logger.js";
import { createAccessTokenKeys, KeySetUnavailableError } from "./access-token-keys.js";
import type { Caller } from "./caller.js";
import { invalidToken } from "./challenges.js";

/** Asymmetric algorithms only: `none` and HS* (a public key used as an HMAC secret) never verify. */
const ALGORITHMS = ["RS256", "PS256", "ES256", "EdDSA"];

/** Clocks drift: `exp` and `nbf` are honoured with this much slack, in seconds. */
const CLOCK_TOLERANCE_S = 30;

/**
 * The `typ` headers of an access token, lower-cased (RFC 7515 §4.1.9: "application/" may be left
 * out): a plain JWT, or an OAuth access token (RFC 9068). An ID token (or anything else typed
 * otherwise) is not meant for the gateway.
 */
const ACCESS_TOKEN_TYPES: ReadonlySet<string> = new Set(["jwt", "application/jwt", "at+jwt", "application/at+jwt"]);

/** Who an access token's holder is: everything of a {@link Caller} but the credentials. */
export type TokenHolder = Pick<Caller, "id" | "scopes">;

/** Checks one access token; throws `UNAUTHENTICATED` (401) or `AUTH_UNAVAILABLE` (503). */
export type VerifyAccessToken = (token: string) => Promise<TokenHolder>;

/**
 * Builds the access-token check of `GATEWAY_JWKS_URL`, `GATEWAY_JWT_ISSUER` and
 * `GATEWAY_JWT_AUDIENCE` with jose: signature by the key set's key for the token's `kid`, one
 * of {@link ALGORITHMS}, `iss` equal to the issuer, `aud` holding the audience, `exp` required,
 * `nbf` honoured, 30 s of clock tolerance, `sub` required (the caller is the subject: without it
 * every such token would be one caller), `typ` when present an access token's (see
 * {@link ACCESS_TOKEN_TYPES}). The holder is named by a digest of `iss` and `sub` (stable,
 * non-reversible), and holds the scopes of its `scope` or `scp` claim.
 */
export function createAccessTokenVerifier(config: AccessTokenConfig, { logger }: { logger: GatewayLogger }): VerifyAccessToken {
  const keys = createAccessTokenKeys({ jwksUrl: config.jwksUrl, logger });
  return async (token) => {
    let verified: JWTVerifyResult;
    try {
      verified = await jwtVerify(token, keys, {
        algorithms: ALGORITHMS,
        issuer: config.issuer,
        audience: config.audience,
        requiredClaims: ["exp"],
        clockTolerance: CLOCK_TOLERANCE_S,
      });
    } catch (error) {
      if (error instanceof KeySetUnavailableError) {
        throw new GatewayError(ErrorCode.AUTH_UNAVAILABLE, "Access tokens cannot be checked right now: the identity provider's keys are unreachable. Try again shortly.", {
          http: { status: 503 },
          cause: error,
        });
      }
      throw invalidToken(whyRefused(error));
    }
    const { payload, protectedHeader } = verified;
    const { typ } = protectedHeader;
    if (typ !== undefined && (typeof typ !== "string" || !ACCESS_TOKEN_TYPES.has(typ.toLowerCase()))) {
      throw invalidToken("The access token's type is not accepted: its typ should be JWT or at+jwt.");
    }
    if (typeof payload.sub !== "string" || payload.sub === "") throw invalidToken("The access token has no sub claim.");
    return { id: holderId(payload.iss, payload.sub), scopes: scopesOf(payload) };
  };
}

/** `jwt:` and 16 hex digits of SHA-256 over issuer and subject: the same user is always the same id. */
function holderId(iss: string | undefined, sub: string): string {
  return `jwt:${createHash("sha256").update(JSON.stringify([iss, sub])).digest("hex").slice(0, 16)}`;
}

/** The scopes of `scope` (space-separated, RFC 8693 / 9068) and `scp` (an array, or a string as Entra ID sends it). */
function scopesOf(payload: JWTPayload): ReadonlySet<string> {
  const scopes = new Set<string>();
  for (const claim of [payload.scope, payload.scp]) {
    const values = typeof claim === "string" ? claim.split(" ") : Array.isArray(claim) ? claim : [];
    for (const value of values) if (typeof value === "string" && value !== "") scopes.add(value);
  }
  return scopes;
}

/** A description safe to send back: it names the check that failed, never the token or its claims' values. */
function whyRefused(error: unknown): string {
  if (error instanceof errors.JWTExpired) return "The access token has expired.";
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.reason === "missing") return `The access token has no ${error.claim} claim.`;
    if (error.claim === "nbf") return "The access token is not valid yet.";
    if (error.claim === "iss") return "The access token is from another issuer.";
    if (error.claim === "aud") return "The access token is meant for another audience.";
    return "The access token's claims are not accepted.";
  }
  if (error instanceof errors.JOSEAlgNotAllowed) return `The access token's algorithm is not accepted (only ${ALGORITHMS.join(", ")}).`;
  if (error instanceof errors.JWSSignatureVerificationFailed) return "The access token's signature does not verify.";
  if (error instanceof errors.JWKSNoMatchingKey) return "No key of the identity provider fits the access token.";
  return "The access token is malformed.";
}
