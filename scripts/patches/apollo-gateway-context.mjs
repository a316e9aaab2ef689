/**
 * @apollo/server 5.5.1, `utils/makeGatewayGraphQLRequestContext.js` (ESM and CJS builds).
 *
 * In gateway mode, which the gateway's graphql-jit executor runs through, Apollo builds for every
 * operation an object literal `{ headers, get status(), set status() }` whose accessors are fresh
 * closures over the whole request context. V8 gives each such object its own hidden class, kept
 * in the old generation, so every request context stays alive until a full collection: under
 * `{ __typename }` load 4.5 times the young-generation bytes promoted of schema mode, scavenges
 * twice as long, 9% more CPU per operation (bench/README.md, round three). The literal becomes a
 * small class whose getter and setter sit on its prototype: the same reads and writes of the
 * operation's HTTP status. Belongs upstream in Apollo Server.
 */
const MARKER = "bepaid-gateway: GatewayResponseHttp";

/** @type {import("../patch-dependencies.mjs").DependencyPatch} */
export default {
  name: "apollo-gateway-context",
  packageName: "@apollo/server",
  // Its exports do not include package.json: the package root is found from its entry point.
  entryDir: "dist",
  files: ["dist/esm/utils/makeGatewayGraphQLRequestContext.js", "dist/cjs/utils/makeGatewayGraphQLRequestContext.js"],
  marker: MARKER,
  edits: [
    [
      `    const response = {
        http: {
            headers: new FetcherHeadersForHeaderMap(newRequestContext.response.http.headers),
            get status() {
                return newRequestContext.response.http.status;
            },
            set status(newStatus) {
                newRequestContext.response.http.status = newStatus;
            },
        },
    };`,
      `    // ${MARKER} (scripts/patches/apollo-gateway-context.mjs): prototype accessors, no hidden class per operation.
    const response = { http: new GatewayResponseHttp(newRequestContext) };`,
    ],
  ],
  append: `
// ${MARKER}: the operation's HTTP status, read and written through to Apollo's own.
class GatewayResponseHttp {
    constructor(requestContext) {
        this.requestContext = requestContext;
        this.headers = new FetcherHeadersForHeaderMap(requestContext.response.http.headers);
    }
    get status() {
        return this.requestContext.response.http.status;
    }
    set status(newStatus) {
        this.requestContext.response.http.status = newStatus;
    }
}
`,
  unpatchedCost: "more garbage kept alive per operation",
};
