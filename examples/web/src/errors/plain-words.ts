import { runtimeConfig } from "../runtime-config";

/** Which kind of operation failed: a create's failures can leave a customer behind, a read's cannot. */
export type Operation = "create" | "read";

/**
 * One sentence a person can act on for an error code of the gateway's contract, of the app's
 * server (`GATEWAY_UNREACHABLE`, `GATEWAY_CONNECTION_LOST`: scripts/graphql-proxy.ts) or of the
 * app itself (`NETWORK`: no answer from the app's server; `UNREADABLE_ANSWER`: an answer that is
 * not GraphQL, `extensions.status` its HTTP status). The app is a developer's example, so where
 * its set-up is at fault the sentence names the setting to change.
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
      return runtimeConfig().token
        ? "The gateway refused this app's token (EXAMPLE_GATEWAY_TOKEN): give it one of the gateway's GATEWAY_TOKENS, then reload."
        : "The gateway asks for a token and this app has none: start npm run example with EXAMPLE_GATEWAY_TOKEN set to one of the gateway's GATEWAY_TOKENS, then reload.";
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
      return "The gateway runs only trusted documents, and this app's are not among them: add examples/web/src/gql/persisted-documents.json to its GATEWAY_TRUSTED_DOCUMENTS (or reload, if the app was just updated).";
    case "SHUTTING_DOWN":
      return "The gateway is restarting. Please try again in a moment.";
    case "GATEWAY_UNREACHABLE":
      return `The gateway is not running at ${runtimeConfig().gatewayUrl}: start it with npm start (or set EXAMPLE_GATEWAY_URL), then try again.${operation === "create" ? " Nothing was sent to it." : ""}`;
    case "GATEWAY_CONNECTION_LOST":
      return operation === "create"
        ? `The gateway's answer was lost, so the customer may or may not have been created${SAME_FORM_IS_SAFE}`
        : "The gateway's answer was lost on the way. Please try again.";
    case "NETWORK":
      return `No answer came from the app's server (is npm run example still running?). Check your connection and try again${operation === "create" ? SAME_FORM_IS_SAFE : "."}`;
    case "UNREADABLE_ANSWER":
      return `What came back${typeof extensions.status === "number" ? ` (HTTP ${extensions.status})` : ""} is not a GraphQL response: is ${runtimeConfig().gatewayUrl} the gateway's GraphQL URL (EXAMPLE_GATEWAY_URL)? Please try again${operation === "create" ? SAME_FORM_IS_SAFE : " later."}`;
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
