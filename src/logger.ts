import { type DestinationStream, destination, type Logger, pino } from "pino";

/** The gateway's logger: structured JSON lines. */
export type GatewayLogger = Logger;

/**
 * Keys whose values never reach a log line in clear, at any depth and in any letter case:
 * credentials and customers' personal data. Log calls avoid passing such data in the first
 * place; this is the safety net.
 */
const REDACTED_KEYS = new Set(
  [
    "authorization",
    "secretKey",
    "secret_key",
    "password",
    "token",
    "tokens",
    "email",
    "phone",
    "ip",
    "firstName",
    "first_name",
    "lastName",
    "last_name",
    "address",
    "city",
    "zip",
    "state",
    "body",
  ].map((key) => key.toLowerCase()),
);

const CENSOR = "[redacted]";

/** Creates the logger; tests pass a `destination` to capture what would be written. */
export function createLogger(options: { level?: string; destination?: DestinationStream } = {}): GatewayLogger {
  return pino(
    {
      level: options.level ?? "info",
      base: undefined,
      // pino's own `redact` matches fixed paths only; personal data can sit at any depth.
      formatters: { log: (object) => (holdsSensitiveKey(object) ? (redact(object) as Record<string, unknown>) : object) },
    },
    // Asynchronous writes: a synchronous write per line would block every request on stdout.
    // main.ts flushes before the process exits.
    options.destination ?? stdoutAsBytes(),
  );
}

/**
 * Standard output for pino's lines, handed to sonic-boom as bytes. Given strings, sonic-boom
 * appends each line to the text still waiting to be written and measures that whole text's byte
 * length again, which copies all of it per line. As bytes, each line is one small copy and the
 * waiting lines are joined once per write.
 */
function stdoutAsBytes(): DestinationStream & { flush(callback: (error?: Error) => void): void } {
  const sonic = destination({ dest: 1, sync: false, contentMode: "buffer" });
  return {
    write: (line: string) => sonic.write(Buffer.from(line) as unknown as string),
    flush: (callback) => sonic.flush(callback),
  };
}

/**
 * A child of `logger` without the redaction walk, for lines built only from values the gateway
 * chose itself (ids, codes, names, censored paths), never from a caller's input or bePaid's
 * data: the request report's line per operation, which would otherwise walk every field of
 * every line. Every other line keeps the walk.
 */
export function ownFieldsLogger(logger: GatewayLogger): GatewayLogger {
  return logger.child({}, { formatters: { log: (object) => object } });
}

/** Whether any key at any depth needs censoring: most lines hold none and are logged as they are. */
function holdsSensitiveKey(value: unknown, depth = 0): boolean {
  if (typeof value !== "object" || value === null) return false;
  // Errors and deep or cyclic shapes take the copying path, which handles them.
  if (value instanceof Error || depth > 8) return true;
  if (Array.isArray(value)) return value.some((item) => holdsSensitiveKey(item, depth + 1));
  for (const key in value) {
    if (REDACTED_KEYS.has(key.toLowerCase()) || holdsSensitiveKey((value as Record<string, unknown>)[key], depth + 1)) return true;
  }
  return false;
}

/** A copy of `value` with every sensitive key's value replaced; errors keep their message and stack. */
export function redact(value: unknown, seen = new WeakSet<object>()): unknown {
  if (typeof value !== "object" || value === null) return value;
  if (seen.has(value)) return "[circular]";
  seen.add(value);
  if (Array.isArray(value)) return value.map((item) => redact(item, seen));
  const source: Record<string, unknown> =
    value instanceof Error ? { ...value, type: value.name, message: value.message, stack: value.stack } : { ...value };
  if (value instanceof Error && value.cause !== undefined) source.cause = value.cause;
  // An error's copy keeps its class, which pino's error serializer reads as the line's `type`
  // (a plain copy was logged as type "Object"); its fields are defined, never set through the class.
  const copy: Record<string, unknown> = value instanceof Error ? Object.create(Object.getPrototypeOf(value) as object) : {};
  for (const [key, item] of Object.entries(source)) {
    const kept = REDACTED_KEYS.has(key.toLowerCase()) ? CENSOR : redact(item, seen);
    Object.defineProperty(copy, key, { value: kept, enumerable: true, writable: true, configurable: true });
  }
  return copy;
}
