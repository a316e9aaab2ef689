import {
  type BepaidError,
  BepaidBadResponseError,
  BepaidConnectionError,
  BepaidHttpError,
  BepaidNotCalledError,
  BepaidTimeoutError,
} from "../bepaid/errors.js";
import type { BepaidErrorBody } from "../bepaid/types.js";
import { ErrorCode } from "./codes.js";
import { type FieldError, fullMessage, toFieldErrors } from "./field-errors.js";
import { GatewayError } from "./gateway-error.js";

/**
 * Translates a bePaid failure into the error a caller sees, per the contract's table: a safe
 * message and `extensions.code` with its extras. Nothing of bePaid's URL, the credentials or a
 * raw body crosses; bePaid's 422 message is kept verbatim.
 */
export function toGraphQLError(error: BepaidError): GatewayError {
  const { message, code, extra } = describe(error);
  const extensions: Record<string, unknown> = { ...extra };
  if (error.requestId !== undefined) extensions.upstreamRequestId = error.requestId;
  return new GatewayError(code, message, { extensions, cause: error });
}

/** A `BAD_USER_INPUT` error for an input the gateway refused itself, shaped like bePaid's 422. */
export function badUserInput(errors: Record<string, string[]>, root: string[] = ["input"]): GatewayError {
  const message = Object.entries(errors)
    .flatMap(([attribute, messages]) => messages.map((text) => fullMessage(attribute, text)))
    .join(". ");
  return new GatewayError(ErrorCode.BAD_USER_INPUT, message, { extensions: { fieldErrors: toFieldErrors(errors, root) } });
}

interface Description {
  message: string;
  code: ErrorCode;
  extra?: Record<string, unknown>;
}

function describe(error: BepaidError): Description {
  const isCreate = error.call.method === "POST";
  if (error instanceof BepaidHttpError) return describeStatus(error);
  if (error instanceof BepaidTimeoutError) {
    return isCreate ? outcomeUnknown() : { message: "bePaid did not answer in time.", code: ErrorCode.UPSTREAM_TIMEOUT };
  }
  if (error instanceof BepaidConnectionError) {
    return isCreate && error.requestMayHaveArrived
      ? outcomeUnknown()
      : { message: "bePaid could not be reached.", code: ErrorCode.UPSTREAM_UNAVAILABLE };
  }
  if (error instanceof BepaidNotCalledError) {
    return {
      message:
        error.reason === "circuit-open"
          ? "bePaid is failing; the gateway is giving it a few seconds before calling again."
          : "The gateway has too many bePaid calls in flight; retry shortly.",
      code: ErrorCode.UPSTREAM_UNAVAILABLE,
    };
  }
  if (error instanceof BepaidBadResponseError) {
    return { message: "bePaid sent an answer the gateway could not read.", code: ErrorCode.UPSTREAM_BAD_RESPONSE };
  }
  return { message: "bePaid could not be reached.", code: ErrorCode.UPSTREAM_UNAVAILABLE };
}

function describeStatus(error: BepaidHttpError): Description {
  const { status } = error;
  if (status === 401 || status === 403) {
    return { message: "bePaid refused the credentials.", code: ErrorCode.UNAUTHENTICATED };
  }
  const body = unwrap(error.body);
  if (status === 422 || (status === 400 && body?.errors !== undefined)) {
    return validationFailure(body);
  }
  if (status === 429) {
    const after = error.retryAfter;
    return {
      message: after === undefined ? "bePaid is rate limiting; retry later." : `bePaid is rate limiting; retry in ${after} s.`,
      code: ErrorCode.RATE_LIMITED,
      extra: after === undefined ? undefined : { retryAfter: after },
    };
  }
  // A 500, or a proxy's 502/504, says nothing of whether bePaid carried the create out; a 503 says it did not.
  if (error.call.method === "POST" && CREATE_MAY_HAVE_HAPPENED.has(status)) return outcomeUnknown(status);
  return {
    message: `bePaid is unavailable (HTTP ${status}).`,
    code: ErrorCode.UPSTREAM_UNAVAILABLE,
    extra: { upstreamStatus: status },
  };
}

/** Statuses that leave a create's outcome unknown (the contract's error table). */
const CREATE_MAY_HAVE_HAPPENED: ReadonlySet<number> = new Set([500, 502, 504]);

function validationFailure(body: BepaidErrorBody | undefined): Description {
  // `errors` is bePaid's JSON, whatever its shape: a bare string is kept as a base message, not dropped.
  const fieldErrors: FieldError[] = toFieldErrors(body?.errors ?? {});
  const message =
    typeof body?.message === "string" && body.message !== ""
      ? body.message
      : fieldErrors.flatMap(({ field, messages }) => messages.map((text) => (field ? `${field} ${text}` : text))).join(". ") ||
        "bePaid refused the input.";
  // A 422 with a message but no per-field errors still tells the caller something: keep it as base.
  if (fieldErrors.length === 0) fieldErrors.push({ field: null, path: null, messages: [message] });
  return { message, code: ErrorCode.BAD_USER_INPUT, extra: { fieldErrors } };
}

/** A create that may or may not have happened; `status` when bePaid (or a proxy) sent one. */
function outcomeUnknown(status?: number): Description {
  return {
    message:
      status === undefined
        ? "bePaid's answer to the create was lost: the customer may or may not exist. Look it up before creating it again."
        : `bePaid answered the create with HTTP ${status}: the customer may or may not exist. Look it up before creating it again.`,
    code: ErrorCode.UPSTREAM_OUTCOME_UNKNOWN,
    extra: status === undefined ? undefined : { upstreamStatus: status },
  };
}

/** Some bePaid responses wrap the body as `{"response": {...}}`; both read the same. */
function unwrap(body: unknown): BepaidErrorBody | undefined {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return undefined;
  const record = body as Record<string, unknown>;
  const inner = record.response;
  if (typeof inner === "object" && inner !== null && !Array.isArray(inner) && !("errors" in record)) {
    return inner as BepaidErrorBody;
  }
  return record as BepaidErrorBody;
}
