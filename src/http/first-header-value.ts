import type { IncomingHttpHeaders } from "node:http";

/** A header's value as Node and undici hold it (a list when it was sent more than once): its first value. */
export function firstHeaderValue(value: IncomingHttpHeaders[string]): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
