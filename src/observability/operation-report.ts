import type { ApolloServerPlugin } from "@apollo/server";
import type { BepaidCallRecord } from "../bepaid/call-record.js";

/** What one HTTP request did, gathered while it runs and logged as one line when it ends. */
export interface OperationReport {
  /** Our id of the request, also sent back as `X-Request-Id`. */
  requestId: string;
  /** The operation's name, once Apollo resolved it. */
  operation?: string;
  /** `extensions.code` of every error the caller got, in order. */
  errors: string[];
  /** The bePaid calls the operation made. */
  bepaidCalls: BepaidCallRecord[];
  /** A create answered from its Idempotency-Key's first outcome. */
  replayed?: boolean;
}

/** The context field the plugin reads its report from. */
export interface ReportingContext {
  report: OperationReport;
}

/** Fills the request's report with the operation's name and the codes of the errors it answered. */
export function ApolloServerPluginOperationReport(): ApolloServerPlugin<ReportingContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, operationName }) {
          contextValue.report.operation = operationName ?? undefined;
        },
        async willSendResponse({ contextValue, response }) {
          if (response.body.kind !== "single") return;
          for (const error of response.body.singleResult.errors ?? []) {
            contextValue.report.errors.push(String(error.extensions?.code ?? "UNKNOWN"));
          }
        },
      };
    },
  };
}

/** The outcome label of a finished request: "ok", its first error code, or "http_<status>". */
export function outcomeOf(report: OperationReport, status: number): string {
  return report.errors[0] ?? (status >= 400 ? `http_${status}` : "ok");
}
