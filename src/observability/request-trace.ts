import type { IncomingMessage } from "node:http";
import { type Context, defaultTextMapGetter, ROOT_CONTEXT, type Span, SpanKind, trace } from "@opentelemetry/api";
import {
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_HTTP_ROUTE,
  ATTR_URL_PATH,
  ATTR_URL_SCHEME,
} from "@opentelemetry/semantic-conventions";
import type { BepaidCallTrace } from "../bepaid/call-tracer.js";
import type { BepaidCall } from "../bepaid/errors.js";
import type { ErrorCode } from "../errors/codes.js";
import { requestPath } from "../http/request-path.js";
import { failed, OpenTelemetryCallTrace } from "./bepaid-call-trace.js";
import type { TraceDependencies } from "./tracing-sdk.js";
import type { RequestTrace } from "./tracing.js";

// OpenTelemetry's GraphQL attributes are still in development: named here, as its guidance
// asks, rather than imported from the conventions' unstable entry point.
const ATTR_GRAPHQL_OPERATION_NAME = "graphql.operation.name";
const ATTR_GRAPHQL_OPERATION_TYPE = "graphql.operation.type";

/** The one route a request trace is opened for. */
const ROUTE = "/graphql";

/** HTTP's methods by name; any other is `_OTHER`, so a span never carries what a caller made up. */
const KNOWN_METHODS: ReadonlySet<string> = new Set(["GET", "POST", "HEAD", "OPTIONS", "PUT", "PATCH", "DELETE", "CONNECT", "TRACE", "QUERY"]);

/**
 * One request's spans, per OpenTelemetry's HTTP and GraphQL conventions:
 * - the server span, `POST /graphql`, a child of the caller's span when it sent a `traceparent`:
 *   method, path (never the query string, where GET carries the document and variables), route,
 *   and the response's status;
 * - the operation span inside it, `query Customer` (`query` when unnamed): the operation's type
 *   and name, never its document. It is an internal span, as the request has its server span
 *   already;
 * - the bePaid client spans under the operation ({@link OpenTelemetryCallTrace}).
 * A failure is the span's error status with `error.type`, the contract's error code.
 */
export class OpenTelemetryRequestTrace implements RequestTrace {
  readonly traceId: string;
  readonly spanId: string;
  readonly #dependencies: TraceDependencies;
  readonly #server: Span;
  readonly #serverContext: Context;
  #operation: Span | undefined;
  /** Where bePaid calls hang: the operation once it started (calls never come before it). */
  #callParent: Context;

  constructor(request: IncomingMessage, dependencies: TraceDependencies) {
    this.#dependencies = dependencies;
    // A missing or malformed `traceparent` gives the root context: the trace starts here.
    const caller = dependencies.propagator.extract(ROOT_CONTEXT, request.headers, defaultTextMapGetter);
    const method = KNOWN_METHODS.has(request.method ?? "") ? request.method! : "_OTHER";
    this.#server = dependencies.tracer.startSpan(
      `${method === "_OTHER" ? "HTTP" : method} ${ROUTE}`,
      {
        kind: SpanKind.SERVER,
        attributes: {
          [ATTR_HTTP_REQUEST_METHOD]: method,
          [ATTR_URL_SCHEME]: "http",
          [ATTR_URL_PATH]: requestPath(request.url),
          [ATTR_HTTP_ROUTE]: ROUTE,
        },
      },
      caller,
    );
    this.#serverContext = trace.setSpan(caller, this.#server);
    this.#callParent = this.#serverContext;
    ({ traceId: this.traceId, spanId: this.spanId } = this.#server.spanContext());
  }

  operationStarted(type: string, name: string | undefined): void {
    this.#operation = this.#dependencies.tracer.startSpan(
      name ? `${type} ${name}` : type,
      {
        kind: SpanKind.INTERNAL,
        attributes: name ? { [ATTR_GRAPHQL_OPERATION_TYPE]: type, [ATTR_GRAPHQL_OPERATION_NAME]: name } : { [ATTR_GRAPHQL_OPERATION_TYPE]: type },
      },
      this.#serverContext,
    );
    this.#callParent = trace.setSpan(this.#serverContext, this.#operation);
  }

  operationEnded(code: ErrorCode | undefined): void {
    if (!this.#operation) return;
    if (code !== undefined) failed(this.#operation, code);
    this.#operation.end();
  }

  call(call: BepaidCall): BepaidCallTrace {
    return new OpenTelemetryCallTrace(call, this.#callParent, this.#dependencies);
  }

  end(status: number | undefined, code: ErrorCode | undefined): void {
    if (status !== undefined) {
      this.#server.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, status);
      // A server span fails on 5xx only: a 4xx is the caller's mistake, refused as it should be.
      if (status >= 500) failed(this.#server, code ?? String(status));
    }
    this.#server.end();
  }
}
