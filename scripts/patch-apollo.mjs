#!/usr/bin/env node
/**
 * `postinstall`: one change to the installed @apollo/server (5.5.1), until Apollo makes it itself.
 *
 * In gateway mode, which the gateway's graphql-jit executor runs through, Apollo builds for every
 * operation an object literal `{ headers, get status(), set status() }` whose accessors are fresh
 * closures over the whole request context (utils/makeGatewayGraphQLRequestContext.js). V8 gives
 * each such object its own hidden class, kept in the old generation, so every request context
 * stays alive until a full collection: under `{ __typename }` load 4.5 times the young-generation
 * bytes promoted of schema mode, scavenges twice as long, 9% more CPU per operation
 * (bench/README.md, round three). This replaces the literal with a small class whose getter and
 * setter sit on its prototype: the same reads and writes of the operation's HTTP status.
 *
 * It edits the text only when it finds exactly the code it expects, and says so otherwise (the
 * gateway works either way, only slower); `--check` exits 1 when a build is not patched.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, sep } from "node:path";

const MARKER = "bepaid-gateway: GatewayResponseHttp";
const ORIGINAL = `    const response = {
        http: {
            headers: new FetcherHeadersForHeaderMap(newRequestContext.response.http.headers),
            get status() {
                return newRequestContext.response.http.status;
            },
            set status(newStatus) {
                newRequestContext.response.http.status = newStatus;
            },
        },
    };`;
const PATCHED = `    // ${MARKER} (scripts/patch-apollo.mjs): prototype accessors, no hidden class per operation.
    const response = { http: new GatewayResponseHttp(newRequestContext) };`;
const CLASS = `
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
`;

const check = process.argv.includes("--check");
let root;
try {
  // Its exports do not include package.json: find the package from its entry point (dist/cjs/index.js).
  const entry = createRequire(import.meta.url).resolve("@apollo/server");
  root = entry.slice(0, entry.lastIndexOf(`${sep}dist${sep}`));
} catch {
  // Not installed (yet): nothing to patch.
  process.exit(check ? 1 : 0);
}
let unpatched = 0;
for (const build of ["esm", "cjs"]) {
  const file = join(root, "dist", build, "utils", "makeGatewayGraphQLRequestContext.js");
  const text = readFileSync(file, "utf8");
  if (text.includes(MARKER)) continue;
  if (check || !text.includes(ORIGINAL)) {
    unpatched += 1;
    if (!check) console.warn(`patch-apollo: ${file} is not the code this patch expects; left as it is (the gateway works, with more garbage per operation)`);
    continue;
  }
  writeFileSync(file, `${text.replace(ORIGINAL, PATCHED)}${CLASS}`);
}
if (check && unpatched > 0) {
  console.error(`patch-apollo: ${unpatched} build(s) of @apollo/server not patched; run: node scripts/patch-apollo.mjs`);
  process.exit(1);
}
