import type { IncomingMessage, ServerResponse } from "node:http";
import { createGraphQLProxy } from "./graphql-proxy.ts";
import type { RuntimeConfig } from "./runtime-config.ts";
import { createStaticHandler } from "./static-server.ts";

/** Where the app sends its operations (src/apollo/create-apollo-client.ts): its own origin, so the browser needs no CORS. */
const GRAPHQL_PATH = "/graphql";

/** Options of {@link createAppHandler}. */
export interface AppHandlerOptions {
  /** The built app (vite's `dist/`). */
  root: string;
  /** The gateway behind `/graphql`, and what `/config.js` tells the app. */
  config: RuntimeConfig;
}

/** What `npm run example` serves: `/graphql` forwarded to the gateway, everything else the built app. */
export function createAppHandler({ root, config }: AppHandlerOptions) {
  const proxy = createGraphQLProxy({ gatewayUrl: config.gatewayUrl });
  const app = createStaticHandler({ root, config });
  return (request: IncomingMessage, response: ServerResponse): void => {
    if ((request.url ?? "/").split("?")[0] === GRAPHQL_PATH) return proxy(request, response);
    void app(request, response);
  };
}
