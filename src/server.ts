import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { ApolloServer, HeaderMap } from "@apollo/server";
import { ApolloServerPluginDisableSuggestions } from "@apollo/server/plugin/disableSuggestions";
import { ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { ApolloServerPluginLandingPageLocalDefault } from "@apollo/server/plugin/landingPage/default";
import { createCallerAuthenticator } from "./auth/authenticate-caller.js";
import { createClientPool } from "./bepaid/client-pool.js";
import type { GatewayConfig } from "./config.js";
import { createContextFactory, type GatewayContext } from "./context.js";
import { createErrorFormatter } from "./errors/format-error.js";
import { createCors } from "./http/cors.js";
import { BodyTooLargeError, readBody } from "./http/read-body.js";
import { respondJson, respondRequestError } from "./http/respond.js";
import type { GatewayLogger } from "./logger.js";
import { buildGatewaySchema } from "./schema.js";

/** The running gateway: HTTP server, Apollo and health routes. */
export interface GatewayServer {
  /** Starts listening on the config's host and port (0: ephemeral); resolves to the GraphQL URL. */
  listen(): Promise<string>;
  /** Stops taking connections and waits for in-flight operations to finish. */
  close(): Promise<void>;
}

/**
 * Builds the gateway for a config whose bePaid URL is known (`bepaidUrl`: the configured one
 * or the embedded sandbox's). Nothing listens until `listen()`.
 */
export async function createServer(config: GatewayConfig, bepaidUrl: string, logger: GatewayLogger): Promise<GatewayServer> {
  const clients = createClientPool({ baseUrl: bepaidUrl, timeoutMs: config.bepaid.timeoutMs, retries: config.bepaid.retries });
  const createContext = createContextFactory(createCallerAuthenticator(config.callers, config.bepaid.credentials), clients);

  const apollo = new ApolloServer<GatewayContext>({
    schema: await buildGatewaySchema(),
    // Introspection and Apollo Sandbox serve developers; production callers get neither.
    introspection: !config.production,
    plugins: config.production
      ? [ApolloServerPluginLandingPageDisabled(), ApolloServerPluginDisableSuggestions()]
      : [ApolloServerPluginLandingPageLocalDefault({ embed: true })],
    includeStacktraceInErrorResponses: false,
    formatError: createErrorFormatter(logger),
    // Stays on: refuses simple (CSRF-able) requests that carry no preflight-forcing header.
    csrfPrevention: true,
    logger,
  });
  await apollo.start();

  const handleGraphQL = async (request: IncomingMessage, response: ServerResponse) => {
    let body: unknown;
    if (request.method === "POST") {
      const text = await readBody(request);
      if (/^application\/(graphql-response\+)?json\b/i.test(request.headers["content-type"] ?? "")) {
        try {
          body = JSON.parse(text);
        } catch {
          return respondRequestError(response, 400, "The request body is not valid JSON.", "BAD_REQUEST");
        }
      }
    }
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(request.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(", ") : value);
    }
    const result = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: request.method ?? "GET", headers, search: new URL(request.url ?? "/", "http://gateway").search, body },
      context: async () => createContext(request.headers.authorization),
    });
    for (const [key, value] of result.headers) response.setHeader(key, value);
    response.statusCode = result.status ?? 200;
    if (result.body.kind === "complete") return void response.end(result.body.string);
    for await (const chunk of result.body.asyncIterator) response.write(chunk);
    response.end();
  };

  const cors = createCors(config.corsOrigins);
  const httpServer: Server = createHttpServer((request, response) => {
    if (cors(request, response)) return;
    const path = (request.url ?? "/").split("?", 1)[0];
    if (path === "/healthz" || path === "/readyz") return respondJson(response, 200, { status: "ok" });
    if (path !== "/graphql") return respondRequestError(response, 404, "Not found: GraphQL is served at /graphql.", "NOT_FOUND");
    handleGraphQL(request, response).catch((error: unknown) => {
      if (error instanceof BodyTooLargeError) {
        return respondRequestError(response, 413, "The request body is larger than 1 MB.", "PAYLOAD_TOO_LARGE");
      }
      logger.error({ err: error }, "request failed outside GraphQL");
      if (!response.headersSent) respondRequestError(response, 500, "Internal server error.", "INTERNAL_SERVER_ERROR");
      else response.destroy();
    });
  });

  return {
    listen: () =>
      new Promise((resolve, reject) => {
        httpServer.once("error", reject);
        httpServer.listen(config.port, config.host, () => {
          const { address, port } = httpServer.address() as AddressInfo;
          const host = address.includes(":") ? `[${address}]` : address;
          resolve(`http://${host}:${port}/graphql`);
        });
      }),
    close: async () => {
      await new Promise<void>((resolve) => {
        httpServer.close(() => resolve());
        httpServer.closeIdleConnections();
      });
      await apollo.stop();
    },
  };
}
