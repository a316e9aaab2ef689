import { createServer as createHttpServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createApollo } from "./apollo.js";
import { createCallerAuthenticator } from "./auth/authenticate-caller.js";
import { createCircuitBreaker } from "./bepaid/circuit-breaker.js";
import { createClientPool } from "./bepaid/client-pool.js";
import { createConcurrencyLimiter } from "./bepaid/concurrency-limiter.js";
import { createPoolFetch } from "./bepaid/pool-fetch.js";
import type { GatewayConfig } from "./config.js";
import { loadTrustedDocuments } from "./documents/trusted-documents.js";
import { createContextFactory } from "./context.js";
import { createCors } from "./http/cors.js";
import { createGraphiQL } from "./http/graphiql.js";
import { createGraphQLHandler } from "./http/graphql-handler.js";
import { BodyTooLargeError } from "./http/read-body.js";
import { refusals } from "./http/refusals.js";
import { respondError, respondJson } from "./http/respond.js";
import { createMemoryIdempotencyStore, type IdempotencyStore } from "./idempotency/idempotency-store.js";
import type { GatewayLogger } from "./logger.js";
import { createMetrics } from "./observability/metrics.js";
import { createRequestReporting } from "./observability/request-report.js";
import { createUpstreamFailureLog } from "./observability/upstream-failure-log.js";

/** The running gateway: HTTP server, Apollo, health and metrics routes. */
export interface GatewayServer {
  /** Starts listening on the config's host and port (0: ephemeral); resolves to the GraphQL URL. */
  listen(): Promise<string>;
  /**
   * Graceful stop: `/readyz` turns 503, no new connection is taken, in-flight operations get
   * `config.shutdownTimeoutMs` to finish, then what remains is closed.
   */
  close(): Promise<void>;
}

/** What can be swapped in; defaults suit one gateway process. */
export interface ServerOptions {
  logger: GatewayLogger;
  /** Idempotency keys' store; in memory by default. */
  idempotencyStore?: IdempotencyStore;
}

/**
 * Builds the gateway for a config whose bePaid URL is known (`bepaidUrl`: the configured one
 * or the embedded sandbox's). Nothing listens until `listen()`.
 */
export async function createServer(config: GatewayConfig, bepaidUrl: string, { logger, idempotencyStore }: ServerOptions): Promise<GatewayServer> {
  // First: a manifest that cannot be trusted stops start-up before anything runs.
  const documents = config.documents.manifests.length > 0 ? await loadTrustedDocuments(config.documents.manifests) : undefined;
  const metrics = createMetrics();
  const reporting = createRequestReporting({ logger, metrics });
  const upstreamFailures = createUpstreamFailureLog({ logger });
  const breaker = createCircuitBreaker({
    failureThreshold: config.bepaid.breakerFailures,
    cooldownMs: config.bepaid.breakerCooldownMs,
    onStateChange: (state) => {
      metrics.breakerState(state);
      logger.warn({ circuit: state }, "bePaid circuit breaker changed");
    },
  });
  const clients = createClientPool({
    baseUrl: bepaidUrl,
    timeoutMs: config.bepaid.timeoutMs,
    retries: config.bepaid.retries,
    breaker,
    limiter: createConcurrencyLimiter({ maxConcurrent: config.bepaid.maxConcurrent, maxQueued: config.bepaid.maxQueued }),
    onCall: (record) => {
      metrics.bepaidCall(record);
      upstreamFailures.record(record);
    },
    fetch: createPoolFetch({ connections: config.bepaid.maxConcurrent }),
  });
  const createContext = createContextFactory({
    authenticate: createCallerAuthenticator(config.callers, config.bepaid.credentials),
    clients,
    idempotencyStore: idempotencyStore ?? createMemoryIdempotencyStore(),
    onLoaderBatch: metrics.loaderBatch,
  });
  const apollo = await createApollo(config, { logger, reporting });

  const handleGraphQL = createGraphQLHandler(apollo, {
    createContext,
    documents,
    documentsOnly: config.documents.only,
    landingPage: !config.production,
  });
  const cors = createCors(config.corsOrigins);
  // The built-in IDE, for developers: outside production only, like Apollo Sandbox.
  const graphiql = config.production ? undefined : createGraphiQL();
  let draining = false;
  const operations = new Set<ServerResponse>();
  let drained: (() => void) | undefined;

  const httpServer: Server = createHttpServer((request, response) => {
    // While draining, answer what comes but tell keep-alive clients to reconnect elsewhere.
    if (draining) response.setHeader("connection", "close");
    if (cors(request, response)) return;
    const path = (request.url ?? "/").split("?", 1)[0];
    if (path === "/healthz") return respondJson(response, 200, { status: "ok" });
    if (path === "/readyz") return respondJson(response, draining ? 503 : 200, { status: draining ? "draining" : "ok" });
    if (path === "/metrics") {
      metrics.registry.metrics().then(
        (text) => response.writeHead(200, { "content-type": metrics.registry.contentType }).end(text),
        (error: unknown) => {
          logger.error({ err: error }, "metrics failed");
          respondError(response, refusals.internal());
        },
      );
      return;
    }
    if (graphiql?.(path, response)) return;
    if (path !== "/graphql") return respondError(response, refusals.notFound());
    if (draining) return respondError(response, refusals.shuttingDown());
    operations.add(response);
    response.once("close", () => {
      operations.delete(response);
      if (draining && operations.size === 0) drained?.();
    });

    const report = reporting.start(request, response);
    handleGraphQL(request, response, {
      authorization: request.headers.authorization,
      remoteAddress: request.socket.remoteAddress,
      idempotencyKey: header(request.headers["idempotency-key"]),
      report,
    }).catch((error: unknown) => {
      // A client that went away mid-body is routine: its report's line says "client_aborted".
      if (request.destroyed || response.destroyed) return void response.destroy();
      const refusal = error instanceof BodyTooLargeError ? refusals.payloadTooLarge() : refusals.internal();
      if (refusal.code === "INTERNAL_SERVER_ERROR") logger.error({ err: error }, "request failed outside GraphQL");
      report.errors.push(refusal.code);
      if (!response.headersSent) respondError(response, refusal);
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
      // Readiness turns 503 and new operations are refused at once, while the listener stays
      // up so probes can see it; in-flight operations get the shutdown timeout to finish.
      draining = true;
      for (const response of operations) if (!response.headersSent) response.setHeader("connection", "close");
      if (operations.size > 0) {
        const finished = new Promise<"finished">((resolve) => (drained = () => resolve("finished")));
        const timeout = new Promise<"timeout">((resolve) => setTimeout(resolve, config.shutdownTimeoutMs, "timeout").unref());
        if ((await Promise.race([finished, timeout])) === "timeout") {
          logger.warn({ timeoutMs: config.shutdownTimeoutMs, inFlight: operations.size }, "shutdown timed out; closing what is left");
        }
      }
      const closed = new Promise<void>((resolve) => httpServer.close(() => resolve()));
      httpServer.closeAllConnections();
      await closed;
      await apollo.stop();
      upstreamFailures.close();
    },
  };
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
