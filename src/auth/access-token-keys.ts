import { createLocalJWKSet, createRemoteJWKSet, errors, type JWTVerifyGetKey } from "jose";
import type { GatewayLogger } from "../logger.js";

/** The identity provider's key set cannot be fetched, and no cached key fits the token. */
export class KeySetUnavailableError extends Error {
  override readonly name = "KeySetUnavailableError";
}

/** Options of {@link createAccessTokenKeys}. */
export interface AccessTokenKeysOptions {
  /** The identity provider's JSON Web Key Set. */
  jwksUrl: URL;
  /** Where the key set's outage and recovery are logged (once each, not per token). */
  logger: GatewayLogger;
}

/**
 * Finds the key that checks a token, by its `kid`, in the identity provider's key set. jose's
 * remote set fetches on first use, caches for 10 minutes, and refetches on an unknown `kid` at
 * most every 30 s (`cooldownDuration`), which is how a rotated key is picked up. What jose does
 * not do: when a refetch fails it throws, even though the keys it fetched before still verify.
 * Here those keys keep serving while the provider is unreachable; only a token that none of
 * them fits throws {@link KeySetUnavailableError}.
 */
export function createAccessTokenKeys({ jwksUrl, logger }: AccessTokenKeysOptions): JWTVerifyGetKey {
  // Stryker disable next-line ObjectLiteral: jose's own default cooldown is also 30 s; the option only pins it against a change of that default.
  const remote = createRemoteJWKSet(jwksUrl, { cooldownDuration: 30_000 });
  let unreachable = false;
  return async (header, token) => {
    try {
      const key = await remote(header, token);
      if (unreachable) logger.info({ jwks: jwksUrl.origin }, "the access tokens' key set is reachable again");
      unreachable = false;
      return key;
    } catch (error) {
      if (!isFetchFailure(error)) throw error;
      if (!unreachable) logger.warn({ jwks: jwksUrl.origin, err: error }, "the access tokens' key set cannot be fetched; using the keys fetched before");
      unreachable = true;
      const cached = remote.jwks();
      if (!cached) throw new KeySetUnavailableError("the key set was never fetched", { cause: error });
      try {
        return await createLocalJWKSet(cached)(header, token);
      } catch (cachedError) {
        if (cachedError instanceof errors.JWKSNoMatchingKey) throw new KeySetUnavailableError("no cached key fits", { cause: error });
        throw cachedError;
      }
    }
  };
}

/**
 * True when the key set could not be had (network error, timeout, non-200, not a key set);
 * false when it was had and the token fits none of its keys, or (with no `kid`) several.
 */
function isFetchFailure(error: unknown): boolean {
  return !(error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys);
}
