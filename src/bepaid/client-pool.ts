import { createHash } from "node:crypto";
import { BoundedCache } from "../cache/bounded-cache.js";
import { type BepaidClientOptions, type BepaidShopClient, createBepaidClient } from "./client.js";
import type { BepaidCredentials } from "./types.js";

/** A credential set's client, with the key that names the set without revealing it. */
export interface PooledClient {
  /** A digest of shop id and secret: scopes anything kept per credential set (idempotency keys). */
  key: string;
  client: BepaidShopClient;
}

/** Hands out one client per credential set. */
export type ClientPool = (credentials: BepaidCredentials) => PooledClient;

/**
 * Keeps one client (one ky instance) per credential set, so a shop's headers and options are
 * built once, not per request. Pass-through callers can bring any number of credential sets,
 * so only the most recently used `maxClients` are kept. Keys hold a digest, never the secret.
 */
export function createClientPool(options: BepaidClientOptions, maxClients = 1000): ClientPool {
  // Keyed by the credentials themselves (they sit in the clients' headers anyway), so a lookup
  // costs no hashing; the digest is made once per credential set, for scoping.
  const clients = new BoundedCache<string, PooledClient>({ max: maxClients, lru: true });
  // The server-held credentials are one object, handed in for every request: the last client
  // handed out is the newest in the cache already, so a repeat costs a comparison, not a lookup.
  let last: { credentials: BepaidCredentials; pooled: PooledClient } | undefined;
  return (credentials) => {
    if (credentials === last?.credentials) return last.pooled;
    // JSON of the pair, not a joined string: no two credential sets give the same lookup (shop
    // "a\0" with secret "b" and shop "a" with secret "\0b" would), so none lands on another's client.
    const lookup = JSON.stringify([credentials.shopId, credentials.secretKey]);
    let pooled = clients.get(lookup);
    if (!pooled) {
      const key = createHash("sha256").update(lookup).digest("base64");
      pooled = { key, client: createBepaidClient(options, credentials) };
      clients.set(lookup, pooled);
    }
    last = { credentials, pooled };
    return pooled;
  };
}
