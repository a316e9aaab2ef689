/** Which bePaid call failed, without host, credentials or ids: safe to log. */
export interface BepaidCall {
  method: "GET" | "POST";
  /** The endpoint's template, e.g. `/customers/:id`. */
  endpoint: string;
}

/** Base of everything that can go wrong talking to bePaid. */
export abstract class BepaidError extends Error {
  /** The call that failed. */
  readonly call: BepaidCall;
  /** bePaid's `X-Request-Id` of the last response, when there was one. */
  readonly requestId: string | undefined;

  protected constructor(message: string, call: BepaidCall, requestId?: string, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.call = call;
    this.requestId = requestId;
  }
}

/** bePaid responded with a non-2xx status. */
export class BepaidHttpError extends BepaidError {
  override readonly name = "BepaidHttpError";
  /** The parsed JSON body, or `undefined` when the body was not JSON (an HTML error page). */
  readonly body: unknown;
  /** Seconds from `Retry-After`, when bePaid sent a usable one. */
  readonly retryAfter: number | undefined;

  constructor(
    readonly status: number,
    call: BepaidCall,
    details: { body: unknown; requestId?: string; retryAfter?: number },
  ) {
    super(`bePaid responded ${status} to ${call.method} ${call.endpoint}`, call, details.requestId);
    this.body = details.body;
    this.retryAfter = details.retryAfter;
  }
}

/** No response came within the per-attempt timeout (after the retries a read is allowed). */
export class BepaidTimeoutError extends BepaidError {
  override readonly name = "BepaidTimeoutError";

  constructor(call: BepaidCall, cause?: unknown) {
    super(`bePaid did not respond to ${call.method} ${call.endpoint} in time`, call, undefined, cause);
  }
}

/**
 * The connection failed. `requestMayHaveArrived` is false only when bePaid cannot have seen
 * the request (connection refused, unknown host): a create is then known not to exist.
 */
export class BepaidConnectionError extends BepaidError {
  override readonly name = "BepaidConnectionError";

  constructor(
    call: BepaidCall,
    readonly requestMayHaveArrived: boolean,
    cause?: unknown,
  ) {
    super(`connection to bePaid failed during ${call.method} ${call.endpoint}`, call, undefined, cause);
  }
}

/** bePaid responded 2xx with a body that is not the JSON expected. */
export class BepaidBadResponseError extends BepaidError {
  override readonly name = "BepaidBadResponseError";

  constructor(
    call: BepaidCall,
    readonly reason: string,
    requestId?: string,
  ) {
    super(`bePaid's response to ${call.method} ${call.endpoint} is unusable: ${reason}`, call, requestId);
  }
}

/**
 * The gateway did not call bePaid at all: the circuit is open after a run of failures, or too
 * many calls are already in flight. Nothing was sent, so even a create is known not to exist.
 */
export class BepaidNotCalledError extends BepaidError {
  override readonly name = "BepaidNotCalledError";

  constructor(
    call: BepaidCall,
    readonly reason: "circuit-open" | "overloaded",
  ) {
    super(
      reason === "circuit-open"
        ? `bePaid is failing; ${call.method} ${call.endpoint} was not sent`
        : `too many bePaid calls in flight; ${call.method} ${call.endpoint} was not sent`,
      call,
    );
  }
}

/**
 * The client refused to send a request whose path would not be its endpoint's: an id that is
 * not one path segment (`.`, `..`) or cannot be encoded (issue #7). Nothing was sent, and it is
 * no fault of bePaid's, so it is not a {@link BepaidError}; callers check ids before the client.
 */
export class BepaidPathError extends Error {
  override readonly name = "BepaidPathError";

  constructor(
    readonly call: BepaidCall,
    reason: string,
  ) {
    super(`${call.method} ${call.endpoint} was not sent: ${reason}`);
  }
}

/**
 * A 2xx response's body was over the size cap (`BEPAID_MAX_RESPONSE_BYTES`, or
 * `BEPAID_MAX_LIST_BYTES` for the list), so reading stopped there. Thrown by the pool fetch,
 * which knows no call; the client makes it a {@link BepaidBadResponseError}.
 */
export class ResponseTooLargeError extends Error {
  override readonly name = "ResponseTooLargeError";

  constructor(
    readonly maxBytes: number,
    /** bePaid's `X-Request-Id` of the response, when it sent one. */
    readonly requestId: string | undefined,
  ) {
    super(`the response is over ${maxBytes} bytes`);
  }
}

/** Type guard for {@link BepaidError}. */
export function isBepaidError(error: unknown): error is BepaidError {
  return error instanceof BepaidError;
}
