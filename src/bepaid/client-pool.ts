import { createHash } from "node:crypto";
import { type BepaidClientOptions, type BepaidShopClient, createBepaidClient } from "./client.js";
import type { BepaidCredentials } from "./types.js";

/** Hands out one client per credential set. */
export type ClientPool = (credentials: BepaidCredentials) => BepaidShopClient;

/**
 * Keeps one client (one ky instance) per credential set, so a shop's headers and options are
 * built once, not per request. Pass-through callers can bring any number of credential sets,
 * so only the most recently used `maxClients` are kept. Keys hold a digest, never the secret.
 */
export function createClientPool(options: BepaidClientOptions, maxClients = 1000): ClientPool {
  const clients = new Map<string, BepaidShopClient>();
  return (credentials) => {
    const key = createHash("sha256").update(credentials.shopId).update("\0").update(credentials.secretKey).digest("base64");
    let client = clients.get(key);
    if (client) {
      clients.delete(key); // re-inserted below: Map order is our least-recently-used order
    } else {
      client = createBepaidClient(options, credentials);
      if (clients.size >= maxClients) clients.delete(clients.keys().next().value as string);
    }
    clients.set(key, client);
    return client;
  };
}
