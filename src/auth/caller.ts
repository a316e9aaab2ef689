import type { BepaidCredentials } from "../bepaid/types.js";

/**
 * How a caller proved who it is: a static token (`GATEWAY_TOKENS`), an access token (a JWT), its
 * own bePaid credentials (pass-through), or nothing (anonymous).
 */
export type CallerKind = "token" | "access-token" | "passthrough" | "anonymous";

/** Who is calling, as far as the gateway cares: whose bePaid credentials, which scopes, which id. */
export interface Caller {
  /**
   * Stable and non-reversible: what logs, rate limits and `Idempotency-Key`s name the caller by,
   * never the token (`token:<digest>`, `jwt:<digest of issuer and subject>`, `shop:<digest of
   * shop id and secret>`, `anonymous:<digest of the client address>`).
   */
  id: string;
  /** How it proved who it is. */
  kind: CallerKind;
  /** The bePaid credentials this caller's calls use. */
  credentials: BepaidCredentials;
  /** The scopes the caller holds; `"all"` for static tokens, pass-through and anonymous callers. */
  scopes: ReadonlySet<string> | "all";
}

/** What the HTTP layer tells the authenticator of a request. */
export interface CallerRequest {
  /** The `Authorization` header, as sent. */
  authorization: string | undefined;
  /** The client's address (the socket's peer), naming anonymous callers. */
  remoteAddress: string | undefined;
}
