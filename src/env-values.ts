/** Reading environment values for config.ts: each problem names the variable, what it holds and what it should hold. */

/**
 * A bad environment: `problems` holds one line per variable (or group of variables) at fault, each
 * naming what it holds and what it should hold; `message` is those lines, one per line.
 */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
  readonly problems: readonly string[];

  constructor(problems: string | readonly string[]) {
    const lines = typeof problems === "string" ? [problems] : problems;
    super(lines.join("\n"));
    this.problems = lines;
  }
}

// REDIS_URL may hold a password; the OTLP headers hold a tracing vendor's API key.
const SECRET = new Set(["BEPAID_SECRET_KEY", "GATEWAY_TOKENS", "REDIS_URL", "OTEL_EXPORTER_OTLP_HEADERS", "OTEL_EXPORTER_OTLP_TRACES_HEADERS"]);

/**
 * Reads one environment and collects what is wrong with it rather than stopping at the first
 * problem, so start-up names every bad variable in one go. A variable whose value is wrong reads
 * as unset; {@link EnvReader.failed} lets a check that involves it stay quiet rather than
 * report a consequence of the same mistake.
 */
export interface EnvReader {
  /** The parsed value of a variable that is set and not blank; a parser throws a string saying what it should hold. */
  optional<T>(name: string, parse: (value: string) => T): T | undefined;
  /** A whole-number setting with its default and range. */
  count(name: string, fallback: number, min: number, max: number): number;
  /** True when the variable is set and not blank, whether or not its value is right. */
  isSet(name: string): boolean;
  /** Notes a problem of several variables together (one missing beside another, say). */
  problem(message: string, ...names: string[]): void;
  /** True when a problem was noted for any of these variables. */
  failed(...names: string[]): boolean;
  /** Throws one {@link ConfigError} with every problem noted, when there is any. */
  check(): void;
}

/** An {@link EnvReader} over `env`. */
export function envReader(env: NodeJS.ProcessEnv): EnvReader {
  const problems: string[] = [];
  const failed = new Set<string>();
  const reader: EnvReader = {
    optional(name, parse) {
      const raw = env[name];
      if (raw === undefined || raw.trim() === "") return undefined;
      try {
        return parse(raw.trim());
      } catch (expected) {
        // JSON keeps a line break in the value from breaking the message's line.
        const shown = SECRET.has(name) ? "a value" : JSON.stringify(raw);
        reader.problem(`${name} is ${shown}; it should be ${String(expected)}`, name);
        return undefined;
      }
    },
    count(name, fallback, min, max) {
      return reader.optional(name, (value) => integer(value, min, max, `a whole number from ${min} to ${max}`)) ?? fallback;
    },
    isSet: (name) => (env[name] ?? "").trim() !== "",
    problem(message, ...names) {
      problems.push(message);
      for (const name of names) failed.add(name);
    },
    failed: (...names) => names.some((name) => failed.has(name)),
    check() {
      if (problems.length > 0) throw new ConfigError(problems);
    },
  };
  return reader;
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
