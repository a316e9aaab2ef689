import { createLocalJWKSet, errors, type JWTVerifyGetKey } from "jose";
import type { GatewayLogger } from "../logger.js";
import { fetchKeySet } from "./key-set-fetch.js";

/** A fetched key set is refreshed, in the background, once it is this old (jose's own default). */
const MAX_AGE_MS = 10 * 60_000;

/** At most one fetch per this long, whatever the last one's outcome. */
const COOLDOWN_MS = 30_000;

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
  /** The clock the cache's age and the cooldown read; default `Date.now`. */
  now?: () => number;
}

/**
 * Finds the key that checks a token, by its `kid`, in the identity provider's key set; jose
 * verifies with it. The set is fetched on first use (bounded: see `fetchKeySet`), and
 * then fetched again only when a token names a `kid` the set lacks (a rotation) or the set is
 * 10 minutes old, and never more than once per 30 s *whatever the last fetch's outcome*: forged
 * tokens cannot make the gateway hammer a failing provider (jose's remote set starts its
 * cooldown only after a success). A token whose key is cached never waits on the provider: an
 * old set is refreshed in the background while its keys keep serving, and while the provider
 * is unreachable the keys fetched before keep verifying. Only a token that none of them fits
 * throws {@link KeySetUnavailableError}, when the set was never fetched or the last fetch failed.
 */
export function createAccessTokenKeys({ jwksUrl, logger, now = () => Date.now() }: AccessTokenKeysOptions): JWTVerifyGetKey {
  let cached: JWTVerifyGetKey | undefined;
  let fetchedAt = 0;
  let attemptedAt = Number.NEGATIVE_INFINITY;
  // Why the last fetch failed; undefined while the last one worked.
  let failure: Error | undefined;
  let inFlight: Promise<void> | undefined;

  const refresh = async () => {
    const started = now();
    try {
      cached = createLocalJWKSet(await fetchKeySet(jwksUrl));
      fetchedAt = started;
      if (failure) logger.info({ jwks: jwksUrl.origin }, "the access tokens' key set is reachable again");
      failure = undefined;
    } catch (error) {
      if (!failure) logger.warn({ jwks: jwksUrl.origin, err: error }, "the access tokens' key set cannot be fetched; the keys fetched before keep serving");
      failure = error as Error;
    } finally {
      inFlight = undefined;
    }
  };
  /** The fetch under way, or a new one when the cooldown allows; undefined when neither. */
  const fetchAllowed = (): Promise<void> | undefined => {
    if (inFlight || now() - attemptedAt < COOLDOWN_MS) return inFlight;
    attemptedAt = now();
    return (inFlight = refresh());
  };

  return async (header, token) => {
    if (!cached) await fetchAllowed();
    if (!cached) throw new KeySetUnavailableError("the key set was never fetched", { cause: failure });
    try {
      const key = await cached(header, token);
      // Served from the cache at once; the next tokens get the refreshed set.
      if (now() - fetchedAt >= MAX_AGE_MS) void fetchAllowed();
      return key;
    } catch (error) {
      if (!(error instanceof errors.JWKSNoMatchingKey)) throw error;
    }
    // A kid the set lacks: perhaps a key published since (a rotation).
    await fetchAllowed();
    try {
      return await cached(header, token);
    } catch (error) {
      if (error instanceof errors.JWKSNoMatchingKey && failure) throw new KeySetUnavailableError("no cached key fits", { cause: failure });
      throw error;
    }
  };
}
