import { CombinedGraphQLErrors, ServerError, ServerParseError } from "@apollo/client/errors";
import { plainWords, type Operation } from "./plain-words";

/** One entry of `extensions.fieldErrors`, as the gateway's contract shapes it. */
interface FieldError {
  field: string | null;
  path: readonly (string | number)[] | null;
  messages: readonly string[];
}

/** What the page shows for a failed operation. */
export interface Failure {
  /** bePaid's messages per form input, keyed by the input's name (`zip`, `billingAddress.city`). */
  fields: Record<string, string[]>;
  /** Sentences for the page's alert: messages on no known input and every other failure. */
  alerts: string[];
  /** The create may have happened after all: the list is worth reloading. */
  maybeCreated: boolean;
  /**
   * The gateway answered, so it has settled this submission (the outcome is kept under its
   * Idempotency-Key). False when no answer came: only then does sending it again under the same
   * key make sense; otherwise it would only replay the same failure.
   */
  answered: boolean;
}

/** A GraphQL error as it arrives, whichever way Apollo Client handed it over. */
interface WireError {
  message: string;
  extensions?: Record<string, unknown>;
}

/**
 * Turns whatever an operation failed with into what a person can act on: bePaid's messages on
 * the inputs they name (`inputs` holds the names the form has), everything else in plain words.
 */
export function describeFailure(error: unknown, operation: Operation, inputs: ReadonlySet<string> = new Set()): Failure {
  const failure: Failure = { fields: {}, alerts: [], maybeCreated: false, answered: true };
  const errors = wireErrors(error);
  if (errors === undefined) {
    const status = ServerParseError.is(error) || ServerError.is(error) ? error.statusCode : undefined;
    const words = status === undefined ? plainWords("NETWORK", {}, operation) : plainWords("UNREADABLE_ANSWER", { status }, operation);
    return { ...failure, alerts: [words], maybeCreated: operation === "create", answered: false };
  }
  for (const { message, extensions = {} } of errors) {
    const code = typeof extensions.code === "string" ? extensions.code : "INTERNAL_SERVER_ERROR";
    const fieldErrors = Array.isArray(extensions.fieldErrors) ? (extensions.fieldErrors as FieldError[]) : undefined;
    if (code === "BAD_USER_INPUT") {
      if (fieldErrors && fieldErrors.length > 0) placeFieldErrors(fieldErrors, inputs, failure);
      else failure.alerts.push(message);
      continue;
    }
    failure.alerts.push(plainWords(code, extensions, operation));
    // The first create with this key is still running, or the gateway never had it, or its answer
    // was lost: only the same key, sent again, settles it.
    if (code === "IDEMPOTENCY_KEY_IN_USE" || code === "GATEWAY_UNREACHABLE" || code === "GATEWAY_CONNECTION_LOST") failure.answered = false;
    failure.maybeCreated ||= operation === "create" && (code === "UPSTREAM_OUTCOME_UNKNOWN" || code === "UPSTREAM_BAD_RESPONSE" || code === "GATEWAY_CONNECTION_LOST");
  }
  if (failure.alerts.length === 0 && Object.keys(failure.fields).length > 0) {
    failure.alerts.push("bePaid did not accept some of the details: see the marked fields.");
  }
  failure.alerts = [...new Set(failure.alerts)];
  return failure;
}

/** Puts each message on the input its path names; a path the form has no input for, and `base`, go to the alert. */
function placeFieldErrors(fieldErrors: readonly FieldError[], inputs: ReadonlySet<string>, failure: Failure) {
  for (const { field, path, messages } of fieldErrors) {
    // Paths start at the mutation's argument (`["input", "billingAddress", "city"]`); the form's names start below it.
    const name = path ? path.slice(path[0] === "input" ? 1 : 0).join(".") : field;
    if (name && inputs.has(name)) (failure.fields[name] ??= []).push(...messages);
    else if (name) failure.alerts.push(...messages.map((text) => `${humanize(name)} ${text}`));
    else failure.alerts.push(...messages);
  }
}

/** `billingAddress.city` -> `Billing address city`, as Rails words its full messages. */
function humanize(name: string): string {
  const words = name.replace(/\./g, " ").replace(/([a-z0-9])([A-Z])/g, "$1 $2").toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The GraphQL errors of a failure, or undefined when none came (the network, or an answer that is not GraphQL). */
function wireErrors(error: unknown): readonly WireError[] | undefined {
  if (CombinedGraphQLErrors.is(error)) return error.errors as readonly WireError[];
  // A gateway answering application/json with a 4xx or 5xx (e.g. 401, 429, 503) still sends GraphQL errors.
  if (ServerError.is(error)) {
    try {
      const body = JSON.parse(error.bodyText) as { errors?: unknown };
      if (Array.isArray(body.errors) && body.errors.length > 0) return body.errors as WireError[];
    } catch {
      // Not JSON: an HTML error page from a proxy, say. Described as a bad answer.
    }
  }
  return undefined;
}
