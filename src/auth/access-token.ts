import { createHash } from "node:crypto";
import { errors, type JWTPayload, jwtVerify } from "jose";
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

/** Who an access token's holder is: everything of a {@link Caller} but the credentials. */
export type TokenHolder = Pick<Caller, "id" | "scopes">;

/** Checks one access token; throws `UNAUTHENTICATED` (401) or `AUTH_UNAVAILABLE` (503). */
export type VerifyAccessToken = (token: string) => Promise<TokenHolder>;

/**
 * Builds the access-token check of `GATEWAY_JWKS_URL`, `GATEWAY_JWT_ISSUER` and
 * `GATEWAY_JWT_AUDIENCE` with jose: signature by the key set's key for the token's `kid`, one
 * of {@link ALGORITHMS}, `iss` equal to the issuer, `aud` holding the audience, `exp` required,
 * `nbf` honoured, 30 s of clock tolerance. The holder is named by a digest of `iss` and `sub`
 * (stable, non-reversible), and holds the scopes of its `scope` or `scp` claim.
 */
export function createAccessTokenVerifier(config: AccessTokenConfig, { logger }: { logger: GatewayLogger }): VerifyAccessToken {
  const keys = createAccessTokenKeys({ jwksUrl: config.jwksUrl, logger });
  return async (token) => {
    try {
      const { payload } = await jwtVerify(token, keys, {
        algorithms: ALGORITHMS,
        issuer: config.issuer,
        audience: config.audience,
        requiredClaims: ["exp"],
        clockTolerance: CLOCK_TOLERANCE_S,
      });
      return { id: holderId(payload), scopes: scopesOf(payload) };
    } catch (error) {
      if (error instanceof KeySetUnavailableError) {
        throw new GatewayError(ErrorCode.AUTH_UNAVAILABLE, "Access tokens cannot be checked right now: the identity provider's keys are unreachable. Try again shortly.", {
          http: { status: 503 },
          cause: error,
        });
      }
      throw invalidToken(whyRefused(error));
    }
  };
}

/** `jwt:` and 16 hex digits of SHA-256 over issuer and subject: the same user is always the same id. */
function holderId({ iss, sub }: JWTPayload): string {
  return `jwt:${createHash("sha256").update(JSON.stringify([iss, sub ?? null])).digest("hex").slice(0, 16)}`;
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
