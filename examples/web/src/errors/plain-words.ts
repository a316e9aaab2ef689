/** Which kind of operation failed: a create's failures can leave a customer behind, a read's cannot. */
export type Operation = "create" | "read";

/**
 * One sentence a person can act on for an error code of the gateway's contract (and two of the
 * app's own: `NETWORK`, when the gateway could not be reached, and `UNREADABLE_ANSWER`, when
 * what came back was not GraphQL, e.g. a proxy's error page).
 */
export function plainWords(code: string, extensions: Record<string, unknown>, operation: Operation): string {
  switch (code) {
    case "UPSTREAM_UNAVAILABLE":
      return "bePaid is unavailable at the moment. Please try again in a few minutes.";
    case "UPSTREAM_TIMEOUT":
      return "bePaid did not answer in time. Please try again in a moment.";
    case "UPSTREAM_BAD_RESPONSE":
      return operation === "create"
        ? "bePaid sent an answer that could not be read, so the customer may have been created: check the list before trying again."
        : "bePaid sent an answer that could not be read. Please try again later.";
    case "UPSTREAM_OUTCOME_UNKNOWN":
      return "bePaid's answer was lost, so the customer may or may not have been created: check the list before trying again.";
    case "RATE_LIMITED":
      return `Too many requests to bePaid. Please wait ${waitFor(extensions.retryAfter)} and try again.`;
    case "FORBIDDEN":
      return typeof extensions.requiredScope === "string"
        ? `You are not allowed to do this: it needs the “${extensions.requiredScope}” permission.`
        : "You are not allowed to do this.";
    case "UNAUTHENTICATED":
      return "Your sign-in was not accepted. Please sign in again and retry.";
    case "AUTH_UNAVAILABLE":
      return "Sign-in cannot be checked at the moment. Please try again in a moment.";
    case "IDEMPOTENCY_KEY_IN_USE":
      return "This customer is still being created. Wait a moment, then check the list.";
    case "IDEMPOTENCY_KEY_REUSED":
      return "These details changed since they were first sent. Please submit the form again.";
    case "IDEMPOTENCY_KEY_INVALID":
      return "The app sent a malformed request. Please reload the page and try again.";
    case "IDEMPOTENCY_UNAVAILABLE":
      return "Customers cannot be created safely at the moment, so nothing was created. Please try again in a few minutes.";
    case "PERSISTED_QUERY_NOT_FOUND":
    case "PERSISTED_QUERY_NOT_ALLOWED":
      return "The gateway does not know this version of the app. Please reload the page; if that does not help, the gateway needs this app's manifest.";
    case "SHUTTING_DOWN":
      return "The gateway is restarting. Please try again in a moment.";
    case "NETWORK":
      return `The gateway could not be reached. Check your connection and try again${operation === "create" ? SAME_FORM_IS_SAFE : "."}`;
    case "UNREADABLE_ANSWER":
      return `The gateway's answer could not be read. Please try again${operation === "create" ? SAME_FORM_IS_SAFE : " later."}`;
    default:
      return "Something went wrong on the gateway. Please try again later.";
  }
}

/** Why retrying a create whose answer never arrived is safe: it goes again under the same Idempotency-Key. */
const SAME_FORM_IS_SAFE = ": sending the same form again will not create the customer twice.";

/** `retryAfter` seconds in words; "a moment" when the gateway gave none. */
function waitFor(retryAfter: unknown): string {
  const seconds = typeof retryAfter === "number" ? Math.ceil(retryAfter) : Number.NaN;
  if (!Number.isFinite(seconds) || seconds <= 0) return "a moment";
  if (seconds === 1) return "1 second";
  if (seconds < 120) return `${seconds} seconds`;
  return `${Math.ceil(seconds / 60)} minutes`;
}
