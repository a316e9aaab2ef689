import type { IncomingMessage } from "node:http";
import type { BepaidCallTracer } from "../bepaid/call-tracer.js";
import type { TracingConfig } from "../config.js";
import type { ErrorCode } from "../errors/codes.js";
import type { GatewayLogger } from "../logger.js";

/**
 * The process's traces. Only {@link startTracing} creates one, and only when `OTEL_*` asks for
 * it; with traces off there is none, so no request pays for a tracer, not even a no-op one.
 */
export interface Tracing {
  /** Opens the trace of one request to `/graphql`: its server span, continuing the caller's `traceparent`. */
  startRequest(request: IncomingMessage): RequestTrace;
  /** Exports the spans still waiting (within a bounded wait) and stops the exporter. */
  shutdown(): Promise<void>;
}

/**
 * One request's spans: the server span, the GraphQL operation span inside it, and a client
 * span per bePaid attempt under the operation. It holds templates and codes, never what a
 * caller sent: no document, no variable, no id, no header value.
 */
export interface RequestTrace extends BepaidCallTracer {
  /** The trace's id, for the operation's log line. */
  readonly traceId: string;
  /** The server span's id, for the operation's log line. */
  readonly spanId: string;
  /** Apollo resolved the operation: opens its span (`query Customer`). */
  operationStarted(type: string, name: string | undefined): void;
  /** The operation's response is ready: ends its span, as failed with `code` when the response holds an error. */
  operationEnded(code: ErrorCode | undefined): void;
  /**
   * The request is over: ends the server span with the response's status, or none when the
   * client went away first; `code` is the first error code the caller got.
   */
  end(status: number | undefined, code: ErrorCode | undefined): void;
}

/** What {@link startTracing} needs besides the configuration. */
export interface TracingOptions {
  logger: GatewayLogger;
  /** bePaid's base URL: its host and port name the server of every client span. */
  bepaidUrl: string;
}

/**
 * Starts traces when `config` says so (see `TracingConfig`), loading the OpenTelemetry SDK and
 * the one exporter the protocol needs; resolves to undefined, having loaded nothing, when not.
 */
export async function startTracing(config: TracingConfig | undefined, options: TracingOptions): Promise<Tracing | undefined> {
  if (config === undefined) return undefined;
  const { createOpenTelemetryTracing } = await import("./tracing-sdk.js");
  return createOpenTelemetryTracing(config, options);
}
