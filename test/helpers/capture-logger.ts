import { createLogger, type GatewayLogger } from "../../src/logger.js";

/** A gateway logger whose lines are kept in memory instead of written out. */
export interface CapturedLogger {
  logger: GatewayLogger;
  /** Every line written so far, as written. */
  lines: string[];
  /** Every line written so far, parsed. */
  entries(): Record<string, unknown>[];
}

/** Builds the real logger (redaction included) over a destination that collects its lines. */
export function captureLogger(level = "trace"): CapturedLogger {
  const lines: string[] = [];
  const logger = createLogger({ level, destination: { write: (line: string) => void lines.push(line) } });
  return { logger, lines, entries: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}
