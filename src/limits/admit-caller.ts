import type { AuthenticateCaller } from "../auth/authenticate-caller.js";
import type { Caller, CallerRequest } from "../auth/caller.js";
import { ErrorCode } from "../errors/codes.js";
import { GatewayError } from "../errors/gateway-error.js";
import type { RateLimit } from "./rate-limit.js";

/** Options of {@link admitCaller}. */
export interface AdmitCallerOptions {
  authenticate: AuthenticateCaller;
  rateLimit: RateLimit;
  /** Told the caller as soon as it is known, even when its operation is then refused. */
  onCaller: (caller: Caller) => void;
}

/**
 * Authenticates a request's caller under `GATEWAY_RATE_LIMIT` and counts its operation. The
 * client address's failed authentications are read meanwhile (one round trip to a shared store
 * alongside the count, not after it), and their verdict comes first: an address over the limit
 * gets 429 whatever it sends. Credentials the gateway refuses (a header sent, and refused with
 * `UNAUTHENTICATED`) count against the address; a request with no credentials does not, and
 * neither does an identity provider that cannot be reached.
 */
export async function admitCaller(request: CallerRequest, { authenticate, rateLimit, onCaller }: AdmitCallerOptions): Promise<Caller> {
  const counted = authenticate(request).then(async (caller) => {
    onCaller(caller);
    await rateLimit.operation(caller.id);
    return caller;
  });
  const [address, caller] = await Promise.allSettled([rateLimit.address(request.remoteAddress), counted]);
  if (address.status === "rejected") throw address.reason;
  if (caller.status === "fulfilled") return caller.value;
  if (refusesCredentials(caller.reason, request)) await rateLimit.failedAuthentication(request.remoteAddress);
  throw caller.reason;
}

/** Whether the request sent credentials and the gateway refused them. */
function refusesCredentials(error: unknown, { authorization }: CallerRequest): boolean {
  return error instanceof GatewayError && error.code === ErrorCode.UNAUTHENTICATED && authorization !== undefined && authorization.trim() !== "";
}
