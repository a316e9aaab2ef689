import type { BepaidCallRecord } from "../bepaid/call-record.js";
import type { GatewayLogger } from "../logger.js";

/** Options of {@link createUpstreamFailureLog}. */
export interface UpstreamFailureLogOptions {
  logger: GatewayLogger;
  /** How often, while bePaid keeps failing, one line counts the failures; default 60 s. */
  intervalMs?: number;
}

/** Counts failed bePaid calls into a few log lines; `close()` writes what is left. */
export interface UpstreamFailureLog {
  record(call: BepaidCallRecord): void;
  close(): void;
}

/**
 * An outage must not write a line per failed call (a one-minute soak once wrote 23,335): the
 * first failure after a quiet spell is logged at once, then one line per interval counts the
 * failures by kind while they go on, and one line says when an interval passed without any.
 * Each call's detail stays in its operation's own log line.
 */
export function createUpstreamFailureLog({ logger, intervalMs = 60_000 }: UpstreamFailureLogOptions): UpstreamFailureLog {
  let counts = new Map<string, number>();
  let timer: NodeJS.Timeout | undefined;

  const flush = () => {
    if (counts.size === 0) {
      timer = undefined;
      logger.info("bePaid calls are succeeding again");
      return;
    }
    logger.warn({ failures: Object.fromEntries(counts), intervalMs }, "bePaid calls failed in the last interval");
    counts = new Map();
    timer = setTimeout(flush, intervalMs).unref();
  };

  return {
    record(call) {
      // A 4xx is bePaid responding (an unknown id, a refused input); only outages count here.
      const kind = call.status === undefined ? call.outcome : call.status >= 500 ? `http_${call.status}` : undefined;
      if (kind === undefined || kind === "ok") return;
      if (timer === undefined) {
        logger.warn({ failure: kind, call: `${call.call.method} ${call.call.endpoint}` }, "bePaid calls are failing");
        timer = setTimeout(flush, intervalMs).unref();
        return;
      }
      counts.set(kind, (counts.get(kind) ?? 0) + 1);
    },
    close() {
      clearTimeout(timer);
      if (counts.size > 0) logger.warn({ failures: Object.fromEntries(counts) }, "bePaid calls failed since the last count");
      counts = new Map();
      timer = undefined;
    },
  };
}
