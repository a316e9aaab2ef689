import { type Context, defaultTextMapSetter, type Span, SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
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
  /** When the answer or the failure came (`performance.now()`); unset while none has. */
  settledAt?: number;
  status?: number;
  error?: unknown;
}

/**
 * The client spans of one bePaid call, one per attempt (ky's retries are attempts of their own):
 * `GET /customers/{id}`, with `http.request.method`, `url.template` (the endpoint's template,
 * never the path, which holds the id a caller typed), `server.address`, `server.port`,
 * `http.request.resend_count` from the second attempt on, and `http.response.status_code`
 * when bePaid answered. Each attempt goes out with its own span's `traceparent`.
 *
 * A failed attempt carries the contract's error code as `error.type`. The last attempt's code is
 * the call's, known only when the call ends (a 2xx whose body is unusable fails there, and a 404
 * to a customer read is its answer, not a failure), so spans end when the call does, each at
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
    const { method, endpoint } = this.#call;
    const template = urlTemplate(endpoint);
    const resends = this.#attempts.length;
    const span = tracer.startSpan(
      `${method} ${template}`,
      {
        kind: SpanKind.CLIENT,
        attributes: {
          [ATTR_HTTP_REQUEST_METHOD]: method,
          [ATTR_URL_TEMPLATE]: template,
          [ATTR_SERVER_ADDRESS]: bepaid.address,
          [ATTR_SERVER_PORT]: bepaid.port,
          ...(resends > 0 && { [ATTR_HTTP_REQUEST_RESEND_COUNT]: resends }),
        },
      },
      this.#parent,
    );
    const attempt: Attempt = { span };
    this.#attempts.push(attempt);
    const headers: Record<string, string> = {};
    propagator.inject(trace.setSpan(this.#parent, span), headers, defaultTextMapSetter);
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
    const codes = attempts.map((attempt, index) => (index === last ? callCode(this.#call, error) : attemptCode(this.#call, attempt)));
    const finish = (settled: readonly (ErrorCode | undefined)[]) =>
      attempts.forEach(({ span, settledAt }, index) => {
        const code = settled[index];
        if (code !== undefined) failed(span, code);
        span.end(settledAt);
      });
    // Settled within a few microtasks; a classification that throws still ends every span.
    void Promise.all(codes).then(finish, () => finish([]));
  }
}

/** Marks `span` failed, with the contract's error `code` as `error.type`. */
export function failed(span: Span, code: string): void {
  span.setAttribute(ATTR_ERROR_TYPE, code);
  span.setStatus({ code: SpanStatusCode.ERROR });
}

const templates = new Map<string, string>();

/** `/customers/:id` → `/customers/{id}`, the form of OpenTelemetry's `url.template`. */
function urlTemplate(endpoint: string): string {
  let template = templates.get(endpoint);
  if (template === undefined) templates.set(endpoint, (template = endpoint.replace(/:(\w+)/g, "{$1}")));
  return template;
}

/** The code the call's caller gets, or none when the call gave an answer. */
function callCode(call: BepaidCall, error: unknown): ErrorCode | undefined {
  if (error === undefined) return undefined;
  // The client answers a read of one customer that bePaid does not know with null (BepaidClient.getCustomer).
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
