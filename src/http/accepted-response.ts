import Negotiator from "negotiator";
import { BoundedCache } from "../cache/bounded-cache.js";

const JSON_TYPE = "application/json";
const GRAPHQL_RESPONSE_TYPE = "application/graphql-response+json";
const HTML_TYPE = "text/html";

/**
 * The media types Apollo Server weighs HTML against to decide on its landing page
 * (`ApolloServer.prefersHTML`), exactly as it lists them: its incremental-delivery types
 * included, so a caller that prefers `multipart/mixed` to HTML gets no landing page here either.
 */
const APOLLO_LANDING_PAGE_CHOICES = [
  "application/json; charset=utf-8",
  "application/graphql-response+json; charset=utf-8",
  "multipart/mixed; deferSpec=20220824",
  "multipart/mixed; incrementalSpec=v0.2",
  "multipart/mixed",
  HTML_TYPE,
];

/**
 * What a request's `Accept` header lets the gateway respond with, decided before anything runs (a
 * mutation refused with 406 after it ran still created its customer; issue 7):
 * - `landing-page`: a GET outside production that prefers HTML, decided exactly as Apollo decides
 *   to show Sandbox (issue 17: where the two disagreed, an untrusted document skipped the
 *   trusted-documents check as "the landing page" and then ran in Apollo); nothing executes;
 * - `json-only`: `application/json` but not `application/graphql-response+json`, a legacy
 *   client: GraphQL-over-HTTP asks for 200 on request errors, since such clients read bodies of
 *   200s only;
 * - `graphql-response`: `application/graphql-response+json`, or no `Accept`, or a wildcard:
 *   request errors get 4xx (as the spec allows since its 2025 watershed; the body still says
 *   `application/json` where the caller named no type, as Apollo's does);
 * - `none`: neither JSON type (e.g. only `text/html`): refused with 406 before anything runs.
 */
export type AcceptedResponse = "landing-page" | "json-only" | "graphql-response" | "none";

/**
 * Decisions for the last distinct `Accept` headers (a client library sends the same one every
 * time), keyed by whether the landing page can be the response ("L" or "-") and the header's
 * text; a header longer than {@link MAX_CACHED_LENGTH} is decided afresh each time.
 */
const decisions = new BoundedCache<string, AcceptedResponse>({ max: 100 });
const MAX_CACHED_LENGTH = 256;

/**
 * Decides {@link AcceptedResponse} as Apollo Server would choose its response's media type.
 * Parsing an `Accept` header costs more than the rest of a small operation's HTTP handling, so
 * the decisions for the last distinct headers are cached.
 */
export function acceptedResponse(method: string | undefined, accept: string | undefined, { landingPage }: { landingPage: boolean }): AcceptedResponse {
  if (accept === undefined || accept.trim() === "") return "graphql-response";
  const withLandingPage = landingPage && method === "GET";
  const key = `${withLandingPage ? "L" : "-"}${accept}`;
  let decision = decisions.get(key);
  if (decision === undefined) {
    decision = negotiate(accept, withLandingPage);
    if (accept.length <= MAX_CACHED_LENGTH) decisions.set(key, decision);
  }
  return decision;
}

function negotiate(accept: string, withLandingPage: boolean): AcceptedResponse {
  const negotiator = new Negotiator({ headers: { accept } });
  // Apollo's own test for its landing page: a GET that prefers HTML over every response it gives.
  if (withLandingPage && negotiator.mediaType(APOLLO_LANDING_PAGE_CHOICES) === HTML_TYPE) return "landing-page";
  const acceptable = negotiator.mediaTypes([JSON_TYPE, GRAPHQL_RESPONSE_TYPE]);
  if (acceptable.includes(GRAPHQL_RESPONSE_TYPE)) return "graphql-response";
  return acceptable.includes(JSON_TYPE) ? "json-only" : "none";
}

/**
 * The status of a request error (unparsable document, validation, variable coercion, unknown or
 * untrusted persisted document): 200 for a legacy `application/json` client, 400 otherwise.
 */
export function requestErrorStatus(accepted: AcceptedResponse): 200 | 400 {
  return accepted === "json-only" ? 200 : 400;
}
