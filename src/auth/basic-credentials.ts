import type { BepaidCredentials } from "../bepaid/types.js";

// Invalid UTF-8 is an error, not U+FFFD: two different byte strings must never become one secret.
const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * Reads a Basic credential (RFC 7617): canonical, padded base64 of `shop_id:secret_key` in
 * UTF-8. Returns `undefined` for anything else. `Buffer.from(value, "base64")` silently skips
 * characters outside the alphabet, whitespace and missing padding, so the value is accepted
 * only when encoding the decoded bytes gives it back exactly; the user id holds no colon
 * (RFC 7617), the secret may.
 */
export function decodeBasicCredentials(credential: string): BepaidCredentials | undefined {
  const bytes = Buffer.from(credential, "base64");
  if (bytes.toString("base64") !== credential) return undefined;
  let decoded: string;
  try {
    decoded = utf8.decode(bytes);
  } catch {
    return undefined;
  }
  const colon = decoded.indexOf(":");
  if (colon <= 0 || colon === decoded.length - 1) return undefined;
  return { shopId: decoded.slice(0, colon), secretKey: decoded.slice(colon + 1) };
}
