import { createHash, timingSafeEqual } from "node:crypto";
import type { BepaidCredentials } from "../bepaid/types.js";
import type { Caller, CallerRequest } from "./caller.js";
import type { GatewayConfig } from "../config.js";
import { ErrorCode } from "../errors/codes.js";
import { GatewayError } from "../errors/gateway-error.js";

/** Decides, from a request's `Authorization` header, who the caller is and which credentials its calls use. */
export type AuthenticateCaller = (request: CallerRequest) => Caller;

/**
 * Builds the caller check from the config: a bearer token from `GATEWAY_TOKENS` unlocks the
 * server-held credentials; with pass-through, `Basic shop_id:secret_key` is the caller's own;
 * with anonymous access, no header at all means the server-held credentials. Anything else
 * throws `UNAUTHENTICATED` with HTTP 401, before bePaid is called.
 */
export function createCallerAuthenticator(
  callers: GatewayConfig["callers"],
  serverCredentials: BepaidCredentials | undefined,
): AuthenticateCaller {
  const tokenDigests = callers.tokens.map(digest);
  const accepts = [
    callers.tokens.length > 0 ? "Bearer" : undefined,
    callers.passthrough ? "Basic" : undefined,
  ].filter((scheme) => scheme !== undefined);

  // RFC 9110 §11.6.1 challenges; Basic's realm is required (RFC 7617), Bearer's helps.
  const challenge =
    [
      callers.tokens.length > 0 ? 'Bearer realm="bepaid-gateway"' : undefined,
      callers.passthrough ? 'Basic realm="bePaid shop", charset="UTF-8"' : undefined,
    ]
      .filter((scheme) => scheme !== undefined)
      .join(", ") || 'Bearer realm="bepaid-gateway"';

  const refuse = (message: string): never => {
    throw new GatewayError(ErrorCode.UNAUTHENTICATED, message, { http: { status: 401, headers: { "www-authenticate": challenge } } });
  };

  return ({ authorization, remoteAddress }) => {
    if (authorization === undefined || authorization.trim() === "") {
      if (callers.anonymous && serverCredentials) return { id: `anonymous:${remoteAddress ?? "unknown"}`, credentials: serverCredentials, scopes: "all" };
      return refuse(`Authentication required: send Authorization: ${accepts.join(" or ")}.`);
    }
    const [scheme = "", value = ""] = authorization.trim().split(/\s+/, 2);
    if (scheme.toLowerCase() === "bearer" && serverCredentials) {
      const given = digest(value);
      if (tokenDigests.some((known) => timingSafeEqual(known, given))) {
        return { id: `token:${given.toString("hex").slice(0, 16)}`, credentials: serverCredentials, scopes: "all" };
      }
      return refuse("The bearer token is not valid.");
    }
    if (scheme.toLowerCase() === "basic" && callers.passthrough) {
      const credentials = decodeBasic(value) ?? refuse("The Basic credentials are malformed: expected base64 of shop_id:secret_key.");
      return { id: `shop:${credentials.shopId}`, credentials, scopes: "all" };
    }
    return refuse(`Authorization scheme not accepted here: send Authorization: ${accepts.join(" or ") || "nothing"}.`);
  };
}

/** Fixed-length digests let tokens be compared in constant time whatever their length. */
function digest(token: string): Buffer {
  return createHash("sha256").update(token).digest();
}

function decodeBasic(encoded: string): BepaidCredentials | undefined {
  const decoded = Buffer.from(encoded, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon <= 0 || colon === decoded.length - 1) return undefined;
  return { shopId: decoded.slice(0, colon), secretKey: decoded.slice(colon + 1) };
}
