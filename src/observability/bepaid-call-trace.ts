import { type Attributes, type Context, defaultTextMapSetter, ROOT_CONTEXT, type Span, SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import {
  ATTR_ERROR_TYPE,
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_REQUEST_RESEND_COUNT,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
} from "@opentelemetry/semantic-conventions";
import type { BepaidCallTrace } from "../bepaid/call-tracer.js";
import { type BepaidCall, BepaidHttpError, BepaidTimeoutError, isBepaidError } from "../bepaid/errors.js";
import { toBepaidError } from "../bepaid/failure.js";
import { ErrorCode } from "../errors/codes.js";
import { toGraphQLError } from "../errors/to-graphql-error.js";
import type { TraceDependencies } from "./tracing-sdk.js";

// Still in development in OpenTelemetry's HTTP conventions: named here rather than imported
// from the conventions' unstable entry point, as OpenTelemetry's guidance asks.
const ATTR_URL_TEMPLATE = "url.template";

/** One attempt's span, and what the attempt came to once it settled. */
interface Attempt {
  span: Span;
  /** When the response or the failure came (`performance.now()`); undefined while none has. */
  settledAt: number | undefined;
  status: number | undefined;
  error: unknown;
}

/**
 * The client spans of one bePaid call, one per attempt (ky's retries are attempts of their own):
 * `GET /customers/{id}`, with `http.request.method`, `url.template` (the endpoint's template,
 * never the path, which holds the id a caller typed), `server.address`, `server.port`,
 * `http.request.resend_count` from the second attempt on, and `http.response.status_code`
 * when bePaid responded. Each attempt goes out with its own span's `traceparent`.
 *
 * A failed attempt carries the contract's error code as `error.type`. The last attempt's code is
 * the call's, known only when the call ends (a 2xx whose body is unusable fails there, and a 404
 * to a customer read is its response, not a failure), so spans end when the call does, each at
 * the time its attempt settled.
 */
export class OpenTelemetryCallTrace implements BepaidCallTrace {
  readonly #call: BepaidCall;
  readonly #parent: Context;
  readonly #dependencies: TraceDependencies;
  readonly #attempts: Attempt[] = [];

  constructor(call: BepaidCall, parent: Context, dependencies: TraceDependencies) {
    this.#call = call;
    this.#parent = parent;
    this.#dependencies = dependencies;
  }

  attempt(send: (headers: Readonly<Record<string, string>>) => Promise<Response>): Promise<Response> {
    const { tracer, propagator, bepaid } = this.#dependencies;
    const { template, name } = templateOf(this.#call);
    const resends = this.#attempts.length;
    const attributes: Attributes = {
      [ATTR_HTTP_REQUEST_METHOD]: this.#call.method,
      [ATTR_URL_TEMPLATE]: template,
      [ATTR_SERVER_ADDRESS]: bepaid.address,
      [ATTR_SERVER_PORT]: bepaid.port,
    };
    if (resends > 0) attributes[ATTR_HTTP_REQUEST_RESEND_COUNT] = resends;
    const span = tracer.startSpan(name, { kind: SpanKind.CLIENT, attributes }, this.#parent);
    const attempt: Attempt = { span, settledAt: undefined, status: undefined, error: undefined };
    this.#attempts.push(attempt);
    const headers: Record<string, string> = {};
    // The propagator reads the attempt's span alone (its ids and the trace state it inherited).
    propagator.inject(trace.setSpan(ROOT_CONTEXT, span), headers, defaultTextMapSetter);
    return send(headers).then(
      (response) => {
        attempt.settledAt = performance.now();
        attempt.status = response.status;
        span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, response.status);
        return response;
      },
      (error: unknown) => {
        attempt.settledAt = performance.now();
        attempt.error = error;
        throw error;
      },
    );
  }

  end(error?: unknown): void {
    const attempts = this.#attempts;
    const last = attempts.length - 1;
    if (last < 0) return;
    // Earlier attempts of a retried call are classified as the client classifies failures, which may await.
    if (last > 0) {
      const earlier = attempts.slice(0, last);
      void Promise.all(earlier.map((attempt) => attemptCode(this.#call, attempt))).then(
        (codes) => earlier.forEach((attempt, index) => finish(attempt, codes[index])),
        () => earlier.forEach((attempt) => finish(attempt, undefined)),
      );
    }
    finish(attempts[last]!, callCode(this.#call, error));
  }
}

/** Ends an attempt's span at the time the attempt settled, failed with `code` when there is one. */
function finish({ span, settledAt }: Attempt, code: ErrorCode | undefined): void {
  if (code !== undefined) failed(span, code);
  span.end(settledAt);
}

/** Marks `span` failed, with the contract's error `code` as `error.type`. */
export function failed(span: Span, code: string): void {
  span.setAttribute(ATTR_ERROR_TYPE, code);
  span.setStatus({ code: SpanStatusCode.ERROR });
}

// Keyed by the call (the client's endpoint constants), held no longer than the call is.
const templates = new WeakMap<BepaidCall, { template: string; name: string }>();

/** `/customers/:id` → `/customers/{id}`, the form of OpenTelemetry's `url.template`, and the span's name. */
function templateOf(call: BepaidCall): { template: string; name: string } {
  let known = templates.get(call);
  if (known === undefined) {
    const template = call.endpoint.replace(/:(\w+)/g, "{$1}");
    templates.set(call, (known = { template, name: `${call.method} ${template}` }));
  }
  return known;
}

/** The code the call's caller gets, or none when the call gave a response. */
function callCode(call: BepaidCall, error: unknown): ErrorCode | undefined {
  if (error === undefined) return undefined;
  // The client returns null for a read of one customer that bePaid does not know (BepaidClient.getCustomer).
  if (error instanceof BepaidHttpError && error.status === 404 && call.method === "GET" && call.endpoint === "/customers/:id") return undefined;
  return isBepaidError(error) ? toGraphQLError(error).code : ErrorCode.INTERNAL_SERVER_ERROR;
}

/** The code an attempt that was retried would have given, had it been the last. */
async function attemptCode(call: BepaidCall, { status, error, settledAt }: Attempt): Promise<ErrorCode | undefined> {
  if (status !== undefined) return status >= 400 ? toGraphQLError(new BepaidHttpError(status, call, { body: undefined })).code : undefined;
  // ky moved on before the attempt settled: its timeout cut it.
  const failure = settledAt === undefined ? new BepaidTimeoutError(call) : await toBepaidError(error, call);
  return isBepaidError(failure) ? toGraphQLError(failure).code : ErrorCode.INTERNAL_SERVER_ERROR;
}
