import { readFile } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { extname, join, normalize, sep } from "node:path";
import { type RuntimeConfig, runtimeConfigScript } from "./runtime-config.ts";

/** Options of {@link createStaticHandler}. */
export interface StaticServerOptions {
  /** The built app (vite's `dist/`). */
  root: string;
  /** Written as `/config.js` for the app to read at start. */
  config: RuntimeConfig;
}

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".map": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
};

/**
 * Serves the built app: its files, `/config.js` from the runtime config, and `index.html` for
 * any other path (one page). Hashed assets are cached for good; the page and its config never.
 */
export function createStaticHandler({ root, config }: StaticServerOptions) {
  const configScript = runtimeConfigScript(config);
  return async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    let pathname: string;
    try {
      pathname = decodeURIComponent(new URL(request.url ?? "/", "http://localhost").pathname);
    } catch {
      response.writeHead(400, { "content-type": "text/plain; charset=utf-8" }).end("Bad request\n");
      return;
    }
    if (request.method !== "GET" && request.method !== "HEAD") {
      response.writeHead(405, { allow: "GET, HEAD" }).end();
      return;
    }
    if (pathname === "/config.js") {
      response.writeHead(200, { "content-type": CONTENT_TYPES[".js"], "cache-control": "no-store" }).end(configScript);
      return;
    }
    const file = normalize(join(root, pathname));
    const inside = file.startsWith(root + sep) && extname(file) !== "";
    const body = inside ? await readFile(file).catch(() => undefined) : undefined;
    if (body !== undefined) {
      const immutable = pathname.startsWith("/assets/");
      response.writeHead(200, {
        "content-type": CONTENT_TYPES[extname(file)] ?? "application/octet-stream",
        "cache-control": immutable ? "public, max-age=31536000, immutable" : "no-cache",
      });
      response.end(request.method === "HEAD" ? undefined : body);
      return;
    }
    if (extname(pathname) !== "") {
      response.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end("Not found\n");
      return;
    }
    const page = await readFile(join(root, "index.html"));
    response.writeHead(200, { "content-type": CONTENT_TYPES[".html"], "cache-control": "no-cache" });
    response.end(request.method === "HEAD" ? undefined : page);
  };
}
