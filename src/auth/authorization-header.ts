/** What an `Authorization` header holds, read strictly: nothing is guessed or repaired. */
export type AuthorizationHeader =
  /** No header, or only whitespace. */
  | { kind: "none" }
  /** A scheme and exactly one credential after it (RFC 9110 §11.4), e.g. `Bearer abc`. */
  | { kind: "credential"; scheme: string; credential: string }
  /** A scheme with nothing after it, or more than one word after it (`Bearer tok extra`). */
  | { kind: "malformed"; scheme: string };

const NO_HEADER: AuthorizationHeader = Object.freeze({ kind: "none" });

/**
 * Splits an `Authorization` header into its scheme (lower-cased: schemes are case-insensitive)
 * and its one credential. `Bearer tok extra` is malformed, never `tok`: a credential is one
 * token68 (RFC 6750 §2.1, RFC 7617 §2), and anything after it means the caller sent something
 * other than what it thinks.
 */
export function readAuthorizationHeader(header: string | undefined): AuthorizationHeader {
  // Most anonymous requests send none: no split by a regular expression for them. A fast path
  // only: without it no header reads as "none" below just the same (an equivalent mutant).
  // Stryker disable next-line ConditionalExpression
  if (header === undefined) return NO_HEADER;
  const words = header.trim().split(/\s+/);
  // split() always returns at least one word (`[""]` for a blank header), so scheme is always a string.
  const [scheme, credential] = words;
  if (scheme === "") return { kind: "none" };
  if (credential === undefined || words.length > 2) return { kind: "malformed", scheme: scheme.toLowerCase() };
  return { kind: "credential", scheme: scheme.toLowerCase(), credential };
}
