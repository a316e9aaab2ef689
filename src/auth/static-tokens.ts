import { createHash, timingSafeEqual } from "node:crypto";

/**
 * Checks a bearer against `GATEWAY_TOKENS`; returns the caller's id (`token:<digest prefix>`)
 * for a known token, `undefined` otherwise. Tokens are compared as SHA-256 digests, in constant
 * time whatever their length, and every known token is compared, so timing tells nothing.
 */
export function createStaticTokens(tokens: readonly string[]): (token: string) => string | undefined {
  const known = tokens.map(digest);
  return (token) => {
    const given = digest(token);
    let found = false;
    for (const candidate of known) found = timingSafeEqual(candidate, given) || found;
    return found ? `token:${given.toString("hex").slice(0, 16)}` : undefined;
  };
}

function digest(token: string): Buffer {
  return createHash("sha256").update(token).digest();
}
