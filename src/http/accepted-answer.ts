import Negotiator from "negotiator";

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
 * What a request's `Accept` header lets the gateway answer, decided before anything runs (a
 * mutation answered 406 after it ran still created its customer; issue 7):
 * - `landing-page`: a GET outside production that prefers HTML, decided exactly as Apollo decides
 *   to show Sandbox (issue 17: where the two disagreed, an untrusted document skipped the
 *   trusted-documents check as "the landing page" and then ran in Apollo); nothing executes;
 * - `json-only`: `application/json` but not `application/graphql-response+json`, a legacy
 *   client: GraphQL-over-HTTP asks for 200 on request errors, since such clients read bodies of
 *   200s only;
 * - `graphql-response`: `application/graphql-response+json`, or no `Accept`, or a wildcard:
 *   request errors answer 4xx (as the spec allows since its 2025 watershed; the body still says
 *   `application/json` where the caller named no type, as Apollo answers);
 * - `none`: neither JSON type (e.g. only `text/html`): refused with 406 before anything runs.
 */
export type AcceptedAnswer = "landing-page" | "json-only" | "graphql-response" | "none";

/** `Accept` values whose answer is remembered: a client library sends the same one every time. */
const MAX_REMEMBERED = 100;
const MAX_REMEMBERED_LENGTH = 256;
// Keyed by whether the landing page can be the answer ("L" or "-") and the header's text.
const remembered = new Map<string, AcceptedAnswer>();

/**
 * Decides {@link AcceptedAnswer} as Apollo Server would choose its answer's media type. Parsing
 * an `Accept` header was 2.3% of the CPU of `{ __typename }` sent with Apollo Client's header
 * (bench/README.md, round five), so the answers to the last few distinct headers are remembered.
 */
export function acceptedAnswer(method: string | undefined, accept: string | undefined, { landingPage }: { landingPage: boolean }): AcceptedAnswer {
  if (accept === undefined || accept.trim() === "") return "graphql-response";
  const withLandingPage = landingPage && method === "GET";
  const key = `${withLandingPage ? "L" : "-"}${accept}`;
  let answer = remembered.get(key);
  if (answer === undefined) {
    answer = negotiate(accept, withLandingPage);
    if (accept.length <= MAX_REMEMBERED_LENGTH) {
      if (remembered.size >= MAX_REMEMBERED) remembered.delete(remembered.keys().next().value as string);
      remembered.set(key, answer);
    }
  }
  return answer;
}

function negotiate(accept: string, withLandingPage: boolean): AcceptedAnswer {
  const negotiator = new Negotiator({ headers: { accept } });
  // Apollo's own test for its landing page: a GET that prefers HTML over every answer it gives.
  if (withLandingPage && negotiator.mediaType(APOLLO_LANDING_PAGE_CHOICES) === HTML_TYPE) return "landing-page";
  const acceptable = negotiator.mediaTypes([JSON_TYPE, GRAPHQL_RESPONSE_TYPE]);
  if (acceptable.includes(GRAPHQL_RESPONSE_TYPE)) return "graphql-response";
  return acceptable.includes(JSON_TYPE) ? "json-only" : "none";
}

/**
 * The status of a request error (unparsable document, validation, variable coercion, unknown or
 * untrusted persisted document): 200 for a legacy `application/json` client, 400 otherwise.
 */
export function requestErrorStatus(answer: AcceptedAnswer): 200 | 400 {
  return answer === "json-only" ? 200 : 400;
}
