import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { GatewayLogger } from "../logger.js";
import type { GatewayMetrics } from "./metrics.js";
import { type OperationReport, outcomeOf } from "./operation-report.js";

const REQUEST_ID = /^[\w.:-]{1,128}$/;

/**
 * Opens a request's report: picks its request id (the caller's own, when it is a sane one),
 * returns it as `X-Request-Id`, and when the answer is sent counts it in the metrics and
 * writes its one log line. Nothing in the line is personal data or a credential.
 */
export function startRequestReport(
  request: IncomingMessage,
  response: ServerResponse,
  logger: GatewayLogger,
  metrics: GatewayMetrics,
): OperationReport {
  const started = performance.now();
  const given = request.headers["x-request-id"];
  const report: OperationReport = {
    requestId: typeof given === "string" && REQUEST_ID.test(given) ? given : randomUUID(),
    errors: [],
    bepaidCalls: [],
  };
  response.setHeader("x-request-id", report.requestId);
  response.once("finish", () => {
    const seconds = (performance.now() - started) / 1000;
    const outcome = outcomeOf(report, response.statusCode);
    metrics.operation(report.operation, outcome, seconds);
    logger.info(
      {
        requestId: report.requestId,
        operation: report.operation,
        status: response.statusCode,
        durationMs: Math.round(seconds * 1000),
        outcome,
        errors: report.errors.length > 0 ? report.errors : undefined,
        bepaid: report.bepaidCalls.map(({ call, status, requestId, attempts, durationMs, outcome: result }) => ({
          call: `${call.method} ${call.endpoint}`,
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
}
