/**
 * @apollo/server 5.5.1, `ApolloServer.js` (ESM and CJS builds): the media type of an answer is
 * remembered per `Accept` header text instead of negotiated again for every request.
 *
 * For every answer Apollo parses the request's `Accept` header with a new `Negotiator` to choose
 * between `application/json` and `application/graphql-response+json`. Client libraries send one
 * fixed header (Apollo Client: `application/graphql-response+json,application/json;q=0.9`).
 * Measured under `{ __typename }` load with that header (bench/README.md, round five): 5.8% of
 * the gateway's CPU samples; remembered, see the table there.
 *
 * The original function is renamed and a remembering one takes its name (and its export): the
 * answers for the 100 most recently added header texts of up to 256 characters, keyed by the
 * whole text, so a header always gets its own answer. Belongs upstream in Apollo Server.
 */
const MARKER = "bepaid-gateway: remembered answer media types";

/** @type {import("../patch-dependencies.mjs").DependencyPatch} */
export default {
  name: "apollo-accept-negotiation",
  packageName: "@apollo/server",
  entryDir: "dist",
  files: ["dist/esm/ApolloServer.js", "dist/cjs/ApolloServer.js"],
  marker: MARKER,
  edits: [
    [
      "function chooseContentTypeForSingleResultResponse(head) {\n",
      `function chooseContentTypeForSingleResultResponse(head) {
    // ${MARKER} (scripts/patches/apollo-accept-negotiation.mjs).
    const accept = head.headers.get('accept');
    if (!accept || accept.length > 256) {
        return chooseContentTypeForSingleResultResponseOnce(head);
    }
    let chosen = rememberedMediaTypes.get(accept);
    if (chosen === undefined) {
        chosen = chooseContentTypeForSingleResultResponseOnce(head);
        if (rememberedMediaTypes.size >= 100) rememberedMediaTypes.delete(rememberedMediaTypes.keys().next().value);
        rememberedMediaTypes.set(accept, chosen);
    }
    return chosen;
}
const rememberedMediaTypes = new Map();
function chooseContentTypeForSingleResultResponseOnce(head) {
`,
    ],
  ],
  unpatchedCost: "an Accept header parsed per answer",
};
