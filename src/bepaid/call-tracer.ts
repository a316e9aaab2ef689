import type { BepaidCall } from "./errors.js";

/**
 * Traces one bePaid call: the client hands each attempt's sending to it, and tells it how the
 * call ended. Given to a client session when traces are on (src/observability/tracing.ts).
 */
export interface BepaidCallTrace {
  /**
   * Sends one attempt through `send`, which adds `headers` (the attempt's `traceparent`) to what
   * goes out; resolves or rejects as `send` does.
   */
  attempt(send: (headers: Readonly<Record<string, string>>) => Promise<Response>): Promise<Response>;
  /** The call is over: `error` is what it threw (a `BepaidError` as a rule), undefined on success. */
  end(error?: unknown): void;
}

/** Opens a trace per bePaid call, under the operation that makes it. */
export interface BepaidCallTracer {
  call(call: BepaidCall): BepaidCallTrace;
}
