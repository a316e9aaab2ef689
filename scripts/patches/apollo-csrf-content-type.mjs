/**
 * @apollo/server 5.5.1, `preventCsrf.js` (ESM and CJS builds): a `Content-Type` text already
 * found to force a CORS preflight is let through without being parsed again.
 *
 * Apollo's CSRF prevention parses every request's `Content-Type` with `whatwg-mimetype` to see
 * whether it is one a browser sends without a preflight (form, multipart, plain text). Clients
 * send one fixed text (`application/json`, or with `; charset=utf-8`). Measured under
 * `{ __typename }` load (bench/README.md, round five): 2% of the gateway's CPU samples.
 *
 * The texts whose parsed type is not one of those three are remembered (the 100 most recently
 * added, up to 256 characters, keyed by the whole text) and pass at once; every other text is
 * parsed and judged exactly as before. The check stays on. Belongs upstream in Apollo Server.
 */
const MARKER = "bepaid-gateway: remembered preflighted content types";

/** @type {import("../patch-dependencies.mjs").DependencyPatch} */
export default {
  name: "apollo-csrf-content-type",
  packageName: "@apollo/server",
  entryDir: "dist",
  files: ["dist/esm/preventCsrf.js", "dist/cjs/preventCsrf.js"],
  marker: MARKER,
  edits: [
    [
      "function preventCsrf(headers, csrfPreventionRequestHeaders) {\n    const contentType = headers.get('content-type');\n",
      `function preventCsrf(headers, csrfPreventionRequestHeaders) {
    const contentType = headers.get('content-type');
    // ${MARKER} (scripts/patches/apollo-csrf-content-type.mjs).
    if (contentType !== undefined && preflightedContentTypes.has(contentType)) {
        return;
    }
`,
    ],
    [
      "        if (!NON_PREFLIGHTED_CONTENT_TYPES.includes(contentTypeParsed.essence)) {\n            return;\n",
      "        if (!NON_PREFLIGHTED_CONTENT_TYPES.includes(contentTypeParsed.essence)) {\n            rememberPreflighted(contentType);\n            return;\n",
    ],
  ],
  append: `
// ${MARKER}: texts whose type forces a preflight, so a request sending one is no CSRF risk.
const preflightedContentTypes = new Set();
function rememberPreflighted(contentType) {
    if (contentType.length > 256) return;
    if (preflightedContentTypes.size >= 100) preflightedContentTypes.delete(preflightedContentTypes.values().next().value);
    preflightedContentTypes.add(contentType);
}
`,
  unpatchedCost: "a Content-Type parsed per request",
};
