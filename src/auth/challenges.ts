import { ErrorCode } from "../errors/codes.js";
import { GatewayError } from "../errors/gateway-error.js";

/**
 * The `Bearer` challenge of a refused bearer (RFC 6750 §3): `error="invalid_token"` and a
 * description of the check that failed. Descriptions are the gateway's own fixed sentences,
 * never the token, and hold no `"` or `\` (they sit in a quoted-string).
 */
export function invalidToken(description: string): GatewayError {
  return unauthenticated(description, `Bearer error="invalid_token", error_description="${description}"`);
}

/** HTTP 401 `UNAUTHENTICATED` with the challenge a caller should meet (RFC 9110 §11.6.1). */
export function unauthenticated(message: string, challenge: string): GatewayError {
  return new GatewayError(ErrorCode.UNAUTHENTICATED, message, { http: { status: 401, headers: { "www-authenticate": challenge } } });
}
