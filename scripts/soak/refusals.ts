import { type Operation, CREATE_FAILURES, wrongCodes } from "./response-checks.js";
import { CREATE, GET, JOHN } from "./documents.js";

const TOO_MANY_ALIASES = `query TooManyAliases { ${Array.from({ length: 16 }, (_, i) => `c${i}: customer(id: "${JOHN}") { id }`).join(" ")} }`;

/** A create with an ip the gateway refuses itself: the same answer whatever bePaid is doing. */
export const badIp = (): Operation => ({
  name: "create-bad-ip",
  body: { query: CREATE, variables: { input: { email: "bad-ip@soak.example", ip: "999.1.1.1" } }, operationName: "CreateCustomer" },
  check: (answer) => wrongCodes(answer, new Set(["BAD_USER_INPUT"]), true),
});

/** A create only bePaid refuses (a US zip that is not one): 422, unless a fault got there first. */
export const badZip = (): Operation => ({
  name: "create-bad-zip",
  body: { query: CREATE, variables: { input: { email: "bad-zip@soak.example", ip: "10.0.0.3", country: "US", zip: "ABCDE", state: "CO" } }, operationName: "CreateCustomer" },
  check: (answer) => wrongCodes(answer, new Set(["BAD_USER_INPUT", ...CREATE_FAILURES])) ?? (answer.data?.createCustomer ? "an invalid zip was accepted" : undefined),
});

/** A read with a token the gateway does not know: HTTP 401 before bePaid is called. */
export const badToken = (): Operation => ({
  name: "bad-token",
  body: { query: GET, variables: { id: JOHN }, operationName: "GetCustomer" },
  headers: { authorization: "Bearer not-the-token" },
  check: (answer, status) => (status === 401 ? wrongCodes(answer, new Set(["UNAUTHENTICATED"]), true) : `status ${status}, not 401`),
});

/** One alias over GATEWAY_MAX_ALIASES (15 by default): HTTP 400 before bePaid is called. */
export const tooManyAliases = (): Operation => ({
  name: "too-many-aliases",
  body: { query: TOO_MANY_ALIASES, operationName: "TooManyAliases" },
  check: (answer, status) => (status === 400 ? wrongCodes(answer, new Set(["GRAPHQL_VALIDATION_FAILED"]), true) : `status ${status}, not 400`),
});
