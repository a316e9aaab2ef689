import { createHash, createHmac, timingSafeEqual } from "node:crypto";

/** Bytes of a cursor's MAC: 96 bits, beyond guessing online. */
const MAC_BYTES = 12;
/** Longer than any cursor the gateway writes (a MAC and an id of up to 255 characters of 4 bytes). */
const MAX_CURSOR_LENGTH = 1400;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

/**
 * The key a credential set's cursors are signed with, derived from the set's digest (the client
 * pool's key) under a name of its own. Every replica derives the same key from the same
 * credentials, before and after a restart, with no secret of the gateway's own to share; a
 * cursor signed for other credentials, or altered, fails the check, so the gateway can refuse
 * it before calling bePaid. Not the digest itself: that one names the set's records in Redis.
 */
export function cursorKey(credentialDigest: string): Buffer {
  return createHash("sha256").update(`customer-cursor\0${credentialDigest}`).digest();
}

/**
 * The cursor of a customer in a shop's list: opaque to callers, the customer's id and a MAC of
 * it under the shop's key. It holds no personal data (an id is bePaid's name for a customer).
 */
export function encodeCursor(key: Buffer, customerId: string): string {
  const id = Buffer.from(customerId, "utf8");
  return Buffer.concat([mac(key, id), id]).toString("base64url");
}

/**
 * The customer id a cursor names, or `undefined` when the gateway did not issue it for the shop
 * whose key is `key` (another shop's, altered, or not a cursor at all).
 */
export function decodeCursor(key: Buffer, cursor: string): string | undefined {
  if (cursor.length > MAX_CURSOR_LENGTH || !BASE64URL.test(cursor)) return undefined;
  const bytes = Buffer.from(cursor, "base64url");
  // Only the exact text the gateway writes: base64url has several spellings of some bytes.
  if (bytes.length <= MAC_BYTES || bytes.toString("base64url") !== cursor) return undefined;
  const id = bytes.subarray(MAC_BYTES);
  if (!timingSafeEqual(bytes.subarray(0, MAC_BYTES), mac(key, id))) return undefined;
  return id.toString("utf8");
}

function mac(key: Buffer, id: Buffer): Buffer {
  return createHmac("sha256", key).update(id).digest().subarray(0, MAC_BYTES);
}
