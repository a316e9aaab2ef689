import { GraphQLError } from "graphql";
import type { ErrorCode } from "./codes.js";

/** How a {@link GatewayError} is sent over HTTP when it ends the request. */
export interface GatewayErrorHttp {
  /** HTTP status when the error refuses the whole request (200 when it sits at a field). */
  status: number;
  /** Extra response headers, e.g. `www-authenticate` or `retry-after`. */
  headers?: Record<string, string>;
}

/** Options of {@link GatewayError}. */
export interface GatewayErrorOptions {
  /** Extensions beside `code` that callers rely on (`fieldErrors`, `retryAfter`, …). */
  extensions?: Record<string, unknown>;
  /** Status and headers when the error refuses the request; unset for field errors. */
  http?: GatewayErrorHttp;
  /** What caused it, for the server log only. */
  cause?: unknown;
}

/**
 * An error the gateway raises on purpose, with a code from the closed {@link ErrorCode} list and
 * a message safe for callers. `formatError` lets it through by type; Apollo reads
 * `extensions.http` when it refuses a whole request (thrown while building the context).
 */
export class GatewayError extends GraphQLError {
  override readonly name = "GatewayError";
  /** The caller-visible code. */
  readonly code: ErrorCode;
  /** Status and headers when the error ends the request. */
  readonly http: GatewayErrorHttp | undefined;

  constructor(code: ErrorCode, message: string, { extensions, http, cause }: GatewayErrorOptions = {}) {
    super(message, {
      extensions: { code, ...extensions, ...(http && { http: { status: http.status, headers: new Map(Object.entries(http.headers ?? {})) } }) },
      originalError: cause instanceof Error ? cause : undefined,
    });
    this.code = code;
    this.http = http;
  }

  /** The extensions a caller sees: `code` and its extras, without Apollo's `http` instructions. */
  get publicExtensions(): Record<string, unknown> {
    const { http: _http, ...rest } = this.extensions;
    return rest;
  }
}
