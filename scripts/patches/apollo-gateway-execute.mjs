/**
 * @apollo/server 5.5.1, `requestPipeline.js` (ESM and CJS builds): in gateway mode, an operation
 * is handed to the executor without the work only graphql-js's incremental delivery reads.
 *
 * Before executing, Apollo decides from the `Accept` header whether an answer with `@defer` would
 * use the legacy multipart format: a `Negotiator` built and asked per operation, even with no
 * `Accept` at all. It then copies the whole request context into a new object to add that flag,
 * and copies it once more to take the flag off again. Only the schema-mode branch reads the flag;
 * the gateway executor (the gateway's graphql-jit, which has no incremental delivery) reads
 * neither flag nor copy. Measured under `{ __typename }` load (bench/README.md, round five):
 * negotiation and copies were 6-7% of the gateway's CPU samples.
 *
 * The flag becomes a function, called only by the branch that reads it, and the context is
 * passed as it is (the executor's own context is built from its fields either way). Schema mode
 * computes the same flag as before. Belongs upstream in Apollo Server.
 */
const MARKER = "bepaid-gateway: no legacy-incremental negotiation for the gateway executor";

/** @type {import("../patch-dependencies.mjs").DependencyPatch} */
export default {
  name: "apollo-gateway-execute",
  packageName: "@apollo/server",
  entryDir: "dist",
  files: ["dist/esm/requestPipeline.js", "dist/cjs/requestPipeline.js"],
  marker: MARKER,
  edits: [
    [
      `            const fullResult = await execute({
                ...requestContext,
                useLegacyIncremental: new`,
      `            // ${MARKER} (scripts/patches/apollo-gateway-execute.mjs).
            const fullResult = await execute(requestContext, () => new`,
    ],
    ["MULTIPART_MIXED_EXPERIMENTAL_ALPHA_2,\n            });", "MULTIPART_MIXED_EXPERIMENTAL_ALPHA_2);"],
    ["async function execute({ useLegacyIncremental, ...requestContext }) {", "async function execute(requestContext, useLegacyIncremental) {"],
    ["                useLegacyIncremental,\n", "                useLegacyIncremental: useLegacyIncremental(),\n"],
  ],
  unpatchedCost: "a media-type negotiation and two copies of the request context per operation",
};
