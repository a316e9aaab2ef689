/** Parsers of environment values for config.ts: each failure names the variable, what it holds and what it should hold. */

/** A bad environment value; `message` is the one line start-up prints. */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

// REDIS_URL may hold a password; the OTLP headers hold a tracing vendor's API key.
const SECRET = new Set(["BEPAID_SECRET_KEY", "GATEWAY_TOKENS", "REDIS_URL", "OTEL_EXPORTER_OTLP_HEADERS", "OTEL_EXPORTER_OTLP_TRACES_HEADERS"]);

/** Parses a variable when it is set and not blank; a parser throws a string saying what it should hold. */
export function optional<T>(env: NodeJS.ProcessEnv, name: string, parse: (value: string) => T): T | undefined {
  const raw = env[name];
  if (raw === undefined || raw.trim() === "") return undefined;
  try {
    return parse(raw.trim());
  } catch (expected) {
    const shown = SECRET.has(name) ? "a value" : JSON.stringify(raw);
    throw new ConfigError(`${name} is ${shown}; it should be ${String(expected)}`);
  }
}

/** A whole-number setting with its default and range. */
export function count(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  return optional(env, name, (value) => integer(value, min, max, `a whole number from ${min} to ${max}`)) ?? fallback;
}

/** A whole number within [min, max]; throws what it should be. */
export function integer(value: string, min: number, max: number, expected: string): number {
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) throw expected;
  return Number(value);
}

/** One browser origin, as browsers send it: scheme, host and port, no path. */
export function origin(value: string): string {
  const trimmed = value.trim();
  const url = URL.canParse(trimmed) ? new URL(trimmed) : undefined;
  if (!url || url.origin !== trimmed) throw "comma-separated origins like https://app.example.com (no path, no trailing slash)";
  return trimmed;
}

/**
 * An http(s) URL; in production an `https:` one unless it points at this machine (a sidecar or
 * a local proxy): what travels over plain HTTP can be read and altered on the way.
 */
export function httpUrl(value: string, production: boolean, example: string): URL {
  const url = URL.canParse(value) ? new URL(value) : undefined;
  if (!url || (url.protocol !== "http:" && url.protocol !== "https:")) throw `an http(s) URL, e.g. ${example}`;
  if (production && url.protocol === "http:" && !isLoopback(url.hostname)) throw "an https URL in production (http is allowed only for a loopback address)";
  return url;
}

/** Comma-separated values, each trimmed, blanks dropped. */
export function list(value: string): string[] {
  return value
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "");
}

/**
 * OpenTelemetry's `key1=value1,key2=value2` lists (`OTEL_RESOURCE_ATTRIBUTES`, `OTEL_EXPORTER_OTLP_HEADERS`):
 * keys and values trimmed, values percent-decoded, as the W3C Baggage format the specification names.
 */
export function keyValuePairs(value: string): Record<string, string> {
  const pairs: Record<string, string> = {};
  for (const item of list(value)) {
    const equals = item.indexOf("=");
    const key = item.slice(0, equals).trim();
    if (equals <= 0 || key === "") throw "comma-separated key=value pairs, e.g. key1=value1,key2=value2";
    try {
      pairs[key] = decodeURIComponent(item.slice(equals + 1).trim());
    } catch {
      throw "comma-separated key=value pairs whose values are percent-encoded where needed (a % followed by two hex digits)";
    }
  }
  return pairs;
}

/** `true`/`1` or `false`/`0`. */
export function boolean(value: string): boolean {
  if (value === "true" || value === "1") return true;
  if (value === "false" || value === "0") return false;
  throw "true or false";
}

/** A parser accepting exactly one of `values`. */
export function oneOf<const T extends string>(values: readonly T[]): (value: string) => T {
  return (value) => {
    if (!(values as readonly string[]).includes(value)) throw `one of ${values.join(", ")}`;
    return value as T;
  };
}

/** True for a host name that stays on this machine: localhost, 127.0.0.0/8 or [::1]. */
export function isLoopback(hostname: string): boolean {
  return hostname === "localhost" || hostname === "[::1]" || /^127(\.\d{1,3}){3}$/.test(hostname);
}
