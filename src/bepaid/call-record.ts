import type { BepaidCall } from "./errors.js";

/** What one bePaid call did, for the operation's log line and for metrics. Holds no personal data. */
export interface BepaidCallRecord {
  call: BepaidCall;
  /**
   * The path the last attempt was sent to, e.g. `/customers/cst_7aee5afb954c7ef7`: the template
   * alone would hide a request that left its endpoint. Unset when nothing was sent. Not for
   * metric labels: ids would grow them without bound.
   */
  path?: string;
  /** Requests that went out: 1, plus retries; 0 when the gateway did not call (circuit open, overload). */
  attempts: number;
  /** bePaid's status of the last response, when there was one. */
  status?: number;
  /** bePaid's `X-Request-Id` of the last response, when there was one. */
  requestId?: string;
  durationMs: number;
  /** "ok", or the name of the `BepaidError` the call ended with. */
  outcome: string;
}
