/**
 * @apollo/server 5.5.1, `requestPipeline.js` (ESM and CJS builds): a query's SHA-256 is
 * remembered instead of computed again for every request that sends the same text.
 *
 * Apollo hashes the text of every operation it is sent, to find its parsed and validated
 * document, through `@apollo/utils.createhash`, which also calls `module.require("crypto")` each
 * time. Apps send the same few documents over and over. Measured under `{ __typename }` load
 * (bench/README.md, round four): the hash was 8% of the gateway's CPU samples; remembered,
 * CPU per operation fell about 7% (median of 7 alternated rounds).
 *
 * The original function is renamed and a remembering one is added at the end of the file:
 * texts up to 8,192 characters, the 500 most recently added (about 4 MB at most), keyed by the
 * whole text, so a text always gets its own hash. Belongs upstream in Apollo Server.
 */
const MARKER = "bepaid-gateway: remembered query hashes";

/** @type {import("../patch-dependencies.mjs").DependencyPatch} */
export default {
  name: "apollo-query-hash",
  packageName: "@apollo/server",
  entryDir: "dist",
  files: ["dist/esm/requestPipeline.js", "dist/cjs/requestPipeline.js"],
  marker: MARKER,
  edits: [["function computeQueryHash(query) {", "function computeQueryHashOnce(query) {"]],
  append: `
// ${MARKER} (scripts/patches/apollo-query-hash.mjs): the same text is hashed once.
const rememberedQueryHashes = new Map();
function computeQueryHash(query) {
    let hash = rememberedQueryHashes.get(query);
    if (hash === undefined) {
        hash = computeQueryHashOnce(query);
        if (query.length <= 8192) {
            if (rememberedQueryHashes.size >= 500) rememberedQueryHashes.delete(rememberedQueryHashes.keys().next().value);
            rememberedQueryHashes.set(query, hash);
        }
    }
    return hash;
}
`,
  unpatchedCost: "a SHA-256 per request",
};
