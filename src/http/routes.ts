import type { IncomingMessage, ServerResponse } from "node:http";
import type { GatewayConfig } from "../config.js";
import type { GatewayLogger } from "../logger.js";
import type { GatewayMetrics } from "../observability/metrics.js";
import type { RequestReporting } from "../observability/request-report.js";
import { createCors } from "./cors.js";
import { firstHeaderValue } from "./first-header-value.js";
import { createGraphiQL } from "./graphiql.js";
import type { createGraphQLHandler } from "./graphql-handler.js";
import type { InFlight } from "./node-server.js";
import { refusals } from "./refusals.js";
import { respondToRequestFailure } from "./request-failure.js";
import { requestPath } from "./request-path.js";
import { respondError, respondJson } from "./respond.js";

/** What the routes serve with, built by the server's wiring (server.ts). */
export interface RouteDependencies {
  logger: GatewayLogger;
  metrics: GatewayMetrics;
  reporting: RequestReporting;
  handleGraphQL: ReturnType<typeof createGraphQLHandler>;
  inFlight: InFlight;
  /** `draining` turns true once shutdown began: `/readyz` turns 503 and new operations are refused. */
  shutdown: { readonly draining: boolean };
}

/** The gateway's request handlers: one for the public listener, one for METRICS_PORT's. */
export interface Routes {
  /** `/healthz`, `/readyz`, `/metrics` outside production (without METRICS_PORT), GraphiQL outside production, `/graphql`. */
  public: (request: IncomingMessage, response: ServerResponse) => void;
  /** `/metrics` only. */
  metrics: (request: IncomingMessage, response: ServerResponse) => void;
}

/** Routes each request to health, readiness, metrics, GraphiQL or GraphQL, as the config allows. */
export function createRoutes(config: GatewayConfig, { logger, metrics, reporting, handleGraphQL, inFlight, shutdown }: RouteDependencies): Routes {
  const cors = createCors(config.corsOrigins);
  // The built-in IDE, for developers: outside production only, like Apollo Sandbox.
  const graphiql = config.production ? undefined : createGraphiQL();
  // Metrics show traffic, callers' operation names and the process's insides: in production never
  // to the public, only on a listener of their own (METRICS_PORT) that the scraper alone reaches.
  const publicMetrics = config.metricsPort === undefined && !config.production;
  if (config.production && config.metricsPort === undefined) {
    logger.warn("/metrics is not served: in production it is served only on METRICS_PORT, which is unset");
  }

  const serveMetrics = (response: ServerResponse) => {
    metrics.registry.metrics().then(
      (text) => response.writeHead(200, { "content-type": metrics.registry.contentType }).end(text),
      (error: unknown) => {
        logger.error({ err: error }, "metrics failed");
        respondError(response, refusals.internal());
      },
    );
  };

  const serveRequest = (request: IncomingMessage, response: ServerResponse) => {
    // Responses can hold customers' personal data: no MIME sniffing, no caching anywhere on the way.
    response.setHeader("x-content-type-options", "nosniff");
    response.setHeader("cache-control", "no-store");
    // While draining, respond to what comes but tell keep-alive clients to reconnect elsewhere.
    if (shutdown.draining) response.setHeader("connection", "close");
    const path = requestPath(request.url);
    if (path === "/healthz") return respondJson(response, 200, { status: "ok" });
    if (path === "/readyz") return respondJson(response, shutdown.draining ? 503 : 200, { status: shutdown.draining ? "draining" : "ok" });
    if (path === "/metrics" && publicMetrics) return serveMetrics(response);
    if (graphiql?.(path, response)) return;
    if (path !== "/graphql") return respondError(response, refusals.notFound());
    // Browsers call /graphql only: no other route serves a foreign origin.
    if (cors(request, response)) return;
    if (shutdown.draining) return respondError(response, refusals.shuttingDown());
    inFlight.add(request, response);

    const report = reporting.start(request, response);
    handleGraphQL(request, response, {
      authorization: request.headers.authorization,
      remoteAddress: request.socket.remoteAddress,
      idempotencyKey: firstHeaderValue(request.headers["idempotency-key"]),
      report,
    }).catch((error: unknown) => respondToRequestFailure(error, { request, response, report, logger }));
  };

  return {
    public: serveRequest,
    metrics: (request, response) => (requestPath(request.url) === "/metrics" ? serveMetrics(response) : respondError(response, refusals.notFound())),
  };
}
