import { type DestinationStream, type Logger, pino } from "pino";

/** The gateway's logger: structured JSON lines. */
export type GatewayLogger = Logger;

/**
 * Keys whose values must never reach a log line in clear, wherever they sit: credentials and
 * the customer's personal data. Log calls also avoid passing such data; this is the safety net.
 */
const REDACTED_KEYS = [
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
];

/** Creates the logger; tests pass a `destination` to capture what would be written. */
export function createLogger(options: { level?: string; destination?: DestinationStream } = {}): GatewayLogger {
  return pino(
    {
      level: options.level ?? "info",
      base: undefined,
      redact: { paths: REDACTED_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]), censor: "[redacted]" },
    },
    options.destination,
  );
}
