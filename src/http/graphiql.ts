import { readFileSync } from "node:fs";
import type { ServerResponse } from "node:http";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { BoundedCache } from "../cache/bounded-cache.js";

/** Where the built-in IDE is served, outside production. */
export const GRAPHIQL_PATH = "/graphiql";

/** A file of an installed package, found through its package.json (exports hide the bundles). */
function packageFile(name: string, file: string): string {
  return join(dirname(createRequire(import.meta.url).resolve(`${name}/package.json`)), file);
}

/** Starts GraphiQL against this gateway's own `/graphql`; a file, not inline, so the CSP allows no inline script. */
const START = `const fetcher = GraphiQL.createFetcher({ url: new URL("/graphql", location.href).href });
ReactDOM.createRoot(document.getElementById("graphiql")).render(
  React.createElement(GraphiQL, { fetcher, defaultEditorToolsVisibility: true }),
);
`;

const PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>GraphiQL · bePaid GraphQL gateway</title>
  <link rel="stylesheet" href="${GRAPHIQL_PATH}/graphiql.css">
  <style>body { margin: 0; } #graphiql { height: 100vh; }</style>
</head>
<body>
  <div id="graphiql">Loading GraphiQL…</div>
  <script src="${GRAPHIQL_PATH}/react.js"></script>
  <script src="${GRAPHIQL_PATH}/react-dom.js"></script>
  <script src="${GRAPHIQL_PATH}/graphiql.js"></script>
  <script src="${GRAPHIQL_PATH}/start.js"></script>
</body>
</html>
`;

/**
 * Everything from this origin and nothing from elsewhere: the IDE works with no network. Styles
 * may be inline (CodeMirror and GraphiQL set them); fonts and icons are data: URIs in its CSS.
 */
const CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'";

/**
 * The IDE's files by path under {@link GRAPHIQL_PATH}: its page, its start script, and the
 * prebuilt bundles GraphiQL 3 ships for use without a bundler, with React 18's, which it needs.
 */
const FILES: Record<string, { type: string; content: () => Buffer | string }> = {
  "": { type: "text/html", content: () => PAGE },
  "/start.js": { type: "text/javascript", content: () => START },
  "/react.js": { type: "text/javascript", content: () => readFileSync(packageFile("react", "umd/react.production.min.js")) },
  "/react-dom.js": { type: "text/javascript", content: () => readFileSync(packageFile("react-dom", "umd/react-dom.production.min.js")) },
  "/graphiql.js": { type: "text/javascript", content: () => readFileSync(packageFile("graphiql", "graphiql.min.js")) },
  "/graphiql.css": { type: "text/css", content: () => readFileSync(packageFile("graphiql", "graphiql.min.css")) },
};

/**
 * Serves GraphiQL, a GraphQL IDE whose files come from npm packages and are served by the gateway
 * itself: Apollo Sandbox (the landing page at `/graphql`) loads from Apollo's CDN and cannot work
 * offline. Returns false for paths that are not the IDE's. Files are read once, on first use.
 */
export function createGraphiQL() {
  const cache = new BoundedCache<string, Buffer | string>({ max: Object.keys(FILES).length });
  return (path: string, response: ServerResponse): boolean => {
    if (!path.startsWith(GRAPHIQL_PATH)) return false;
    const name = path.slice(GRAPHIQL_PATH.length);
    const file = Object.hasOwn(FILES, name) ? FILES[name]! : undefined;
    if (!file) return false;
    const body = cache.get(name) ?? file.content();
    cache.set(name, body);
    response.writeHead(200, {
      "content-type": `${file.type}; charset=utf-8`,
      "content-length": Buffer.byteLength(body),
      "content-security-policy": CSP,
    });
    response.end(body);
    return true;
  };
}
