import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { GraphQLRequestListener } from "@apollo/server";
import type { BepaidCallRecord } from "../bepaid/call-record.js";
import { ErrorCode, isErrorCode } from "../errors/codes.js";
import { type GatewayLogger, ownFieldsLogger } from "../logger.js";
import type { GatewayMetrics } from "./metrics.js";
import type { RequestTrace, Tracing } from "./tracing.js";

/** What one request to `/graphql` did, gathered while it runs; written as one log line at its end. */
export interface RequestReport {
  /** Our id of the request, also sent back as `X-Request-Id`. */
  readonly requestId: string;
  /** The operation's name, once Apollo resolved it. */
  operation?: string;
  /** The caller, by a stable id that reveals no credential (set once authenticated). */
  caller?: string;
  /** `extensions.code` of every error the caller got, in order. */
  readonly errors: ErrorCode[];
  /** The bePaid calls the operation made. */
  readonly bepaidCalls: BepaidCallRecord[];
  /** A create served from its `Idempotency-Key`'s first outcome. */
  replayed: boolean;
  /** The request's spans, when traces are on. */
  readonly trace: RequestTrace | undefined;
  /**
   * Whole seconds since bePaid was read, when the operation's customer list came from the list
   * cache: reported as `extensions.listAge`. Unset on a fresh read.
   */
  listAge?: number;
}

/** The context field {@link RequestReporting.listener} reads the report from. */
export interface ReportingContext {
  report: RequestReport;
}

/** The one owner of request reports: it opens them, fills them from Apollo, and writes them out. */
export interface RequestReporting {
  /**
   * Opens a request's report: picks its id (the caller's own when sane), returns it as
   * `X-Request-Id`, and when the request ends counts it in the metrics and writes its log line.
   */
  start(request: IncomingMessage, response: ServerResponse): RequestReport;
  /**
   * Apollo request listener, one for every request: records the operation's name and error
   * codes, sets `Idempotent-Replayed`, and adds `extensions.listAge` to a response served from the list cache.
   */
  listener: GraphQLRequestListener<ReportingContext>;
}

const REQUEST_ID = /^[\w.:-]{1,128}$/;

/** What {@link createRequestReporting} writes to. */
export interface RequestReportingOptions {
  /** Gets the line per request. */
  logger: GatewayLogger;
  /** Gets the counts. */
  metrics: GatewayMetrics;
  /** Gets a trace per request; undefined (traces off): none. */
  tracing?: Tracing;
}

/** Builds the reporting for one process. */
export function createRequestReporting({ logger, metrics, tracing }: RequestReportingOptions): RequestReporting {
  // The line holds only the report's own fields: the path is censored below, codes are ours.
  const lines = ownFieldsLogger(logger);
  return {
    start(request, response) {
      const started = performance.now();
      const given = request.headers["x-request-id"];
      const report: RequestReport = {
        requestId: typeof given === "string" && REQUEST_ID.test(given) ? given : randomUUID(),
        errors: [],
        bepaidCalls: [],
        replayed: false,
        trace: tracing?.startRequest(request),
      };
      response.setHeader("x-request-id", report.requestId);
      // "close" comes after "finish" for a finished request, and alone when the client went away.
      response.once("close", () => {
        const seconds = (performance.now() - started) / 1000;
        const outcome = response.writableFinished ? outcomeOf(report, response.statusCode) : "client_aborted";
        metrics.operation(report.operation, outcome, seconds);
        report.trace?.end(response.writableFinished ? response.statusCode : undefined, report.errors[0]);
        lines.info(
          {
            requestId: report.requestId,
            traceId: report.trace?.traceId,
            spanId: report.trace?.spanId,
            operation: report.operation,
            caller: report.caller,
            status: response.statusCode,
            durationMs: Math.round(seconds * 1000),
            outcome,
            errors: report.errors.length > 0 ? report.errors : undefined,
            listAge: report.listAge,
            bepaid: report.bepaidCalls.map(({ call, path, status, requestId, attempts, durationMs, outcome: result }) => ({
              call: `${call.method} ${call.endpoint}`,
              path: path && loggablePath(path),
              status,
              attempts,
              upstreamRequestId: requestId,
              durationMs: Math.round(durationMs),
              outcome: result,
            })),
          },
          "operation",
        );
      });
      return report;
    },
    listener: {
      async didResolveOperation({ contextValue: { report }, operationName, operation }) {
        report.operation = operationName ?? undefined;
        // No operation matched the name asked for: nothing runs, so there is no operation to span.
        if (operation) report.trace?.operationStarted(operation.operation, report.operation);
      },
      async willSendResponse({ contextValue: { report }, response }) {
        if (report.replayed) response.http.headers.set("idempotent-replayed", "true");
        if (response.body.kind !== "single") return;
        // The response says when it holds a list that was not read for it (the contract's listAge).
        if (report.listAge !== undefined) response.body.singleResult.extensions = { ...response.body.singleResult.extensions, listAge: report.listAge };
        const errors = response.body.singleResult.errors ?? [];
        for (const error of errors) report.errors.push(reportedCode(error.extensions?.code));
        report.trace?.operationEnded(errors.length > 0 ? reportedCode(errors[0]!.extensions?.code) : undefined);
      },
    },
  };
}

/**
 * Records the codes of a response Apollo wrote before any plugin ran (a malformed parameter, CSRF
 * prevention, a method it refuses), which the plugin never sees: read from the response's body, so
 * the log line names `BAD_REQUEST` rather than only `http_400`. Nothing when codes are recorded.
 */
export function recordRefusalResponse(report: RequestReport, status: number, body: string): void {
  if (status < 400 || report.errors.length > 0) return;
  try {
    const { errors } = JSON.parse(body) as { errors?: Array<{ extensions?: { code?: unknown } }> };
    for (const error of errors ?? []) report.errors.push(reportedCode(error.extensions?.code));
  } catch {
    // Not JSON: the status alone names it (`http_<status>`).
  }
}

/** A code as the report keeps it: one of ours, or INTERNAL_SERVER_ERROR for anything else. */
function reportedCode(code: unknown): ErrorCode {
  return isErrorCode(code) ? code : ErrorCode.INTERNAL_SERVER_ERROR;
}

/** A path segment shaped like an id (`cst_…`): anything else a caller typed may be personal data. */
const ID_SEGMENT = /^[A-Za-z0-9_-]{1,64}$/;

/** The path sent, with a last segment that does not look like an id censored (an email typed as an id). */
function loggablePath(path: string): string {
  const slash = path.lastIndexOf("/");
  const last = path.slice(slash + 1);
  return last === "" || ID_SEGMENT.test(last) ? path : `${path.slice(0, slash + 1)}[redacted]`;
}

/** The outcome label of a finished request: "ok", its first error code, or "http_<status>". */
function outcomeOf(report: RequestReport, status: number): string {
  return report.errors[0] ?? (status >= 400 ? `http_${status}` : "ok");
}
