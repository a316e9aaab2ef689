import { createHash, timingSafeEqual } from "node:crypto";
import type { ShopCredentials } from "./demo-shop.js";

/**
 * The shop id and secret key of an `Authorization: Basic …` header, or null when the header is
 * missing, of another scheme, or not `user:password` in base64.
 */
export function parseBasicAuth(header: string | undefined): ShopCredentials | null {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? "");
  if (match === null) return null;
  const decoded = Buffer.from(match[1], "base64").toString("utf8");
  // RFC 7617: the user id cannot hold a colon, the password can.
  const colon = decoded.indexOf(":");
  if (colon < 0) return null;
  return { shopId: decoded.slice(0, colon), secretKey: decoded.slice(colon + 1) };
}

/** The shop these credentials open, or undefined when the id is unknown or the key wrong. */
export function findShop(
  shops: readonly ShopCredentials[],
  credentials: ShopCredentials | null,
): ShopCredentials | undefined {
  if (credentials === null) return undefined;
  const shop = shops.find((candidate) => candidate.shopId === credentials.shopId);
  // Compared in constant time over fixed-length digests, so timing tells nothing about the key.
  const digest = (text: string) => createHash("sha256").update(text).digest();
  return shop !== undefined && timingSafeEqual(digest(shop.secretKey), digest(credentials.secretKey))
    ? shop
    : undefined;
}
