import { createApollo } from "./apollo/create-apollo.js";
import { createCallerAuthenticator } from "./auth/authenticate-caller.js";
import { createCircuitBreaker } from "./bepaid/circuit-breaker.js";
import { createClientPool } from "./bepaid/client-pool.js";
import { createUnchangedLists } from "./bepaid/unchanged-lists.js";
import { createConcurrencyLimiter } from "./bepaid/concurrency-limiter.js";
import { createPoolFetch } from "./bepaid/pool-fetch.js";
import type { GatewayConfig } from "./config.js";
import { loadTrustedDocuments } from "./documents/trusted-documents.js";
import { createContextFactory } from "./context.js";
import { createGraphQLHandler } from "./http/graphql-handler.js";
import { closeServer, createInFlight, createNodeServer, listenOn } from "./http/node-server.js";
import { createRoutes } from "./http/routes.js";
import type { IdempotencyStore } from "./idempotency/idempotency-store.js";
import { createRateLimit } from "./limits/rate-limit.js";
import { createListCache } from "./list-cache/list-cache.js";
import type { GatewayLogger } from "./logger.js";
import { createMetrics } from "./observability/metrics.js";
import { createRequestReporting } from "./observability/request-report.js";
import { startTracing } from "./observability/tracing.js";
import { createUpstreamFailureLog } from "./observability/upstream-failure-log.js";
import { createSharedState } from "./shared-state/shared-state.js";

/** The running gateway: HTTP server, Apollo, health and metrics routes. */
export interface GatewayServer {
  /** Starts listening on the config's host and port (0: ephemeral); resolves to the GraphQL URL. */
  listen(): Promise<string>;
  /** Where `/metrics` is served when `METRICS_PORT` gives it a listener of its own. */
  metricsUrl(): string | undefined;
  /**
   * Graceful stop: `/readyz` turns 503, no new connection is taken, in-flight operations get
   * `config.shutdownTimeoutMs` to finish, then what remains is closed.
   */
  close(): Promise<void>;
}

/** What can be swapped in; defaults suit one gateway process. */
export interface ServerOptions {
  logger: GatewayLogger;
  /** Idempotency keys' store; by default Redis with `REDIS_URL`, else memory. */
  idempotencyStore?: IdempotencyStore;
  /** The circuit breaker's clock, in ms; default `Date.now`. Tests move it instead of waiting out a cooldown. */
  now?: () => number;
}

/**
 * Builds the gateway for a config whose bePaid URL is known (`bepaidUrl`: the configured one
 * or the embedded sandbox's). Nothing listens until `listen()`.
 */
export async function createServer(config: GatewayConfig, bepaidUrl: string, { logger, idempotencyStore, now }: ServerOptions): Promise<GatewayServer> {
  // First: a manifest that cannot be trusted stops start-up before anything runs.
  const documents = config.documents.manifests.length > 0 ? await loadTrustedDocuments(config.documents.manifests) : undefined;
  const breaker = createCircuitBreaker({
    failureThreshold: config.bepaid.breakerFailures,
    cooldownMs: config.bepaid.breakerCooldownMs,
    onStateChange: (state) => logger.warn({ circuit: state }, "bePaid circuit breaker changed"),
    now,
  });
  const limiter = createConcurrencyLimiter({ maxConcurrent: config.bepaid.maxConcurrent, maxQueued: config.bepaid.maxQueued });
  const metrics = createMetrics({ breaker, limiter });
  const tracing = await startTracing(config.tracing, { logger, bepaidUrl });
  const reporting = createRequestReporting({ logger, metrics, tracing });
  const upstreamFailures = createUpstreamFailureLog({ logger });
  const clients = createClientPool({
    baseUrl: bepaidUrl,
    timeoutMs: config.bepaid.timeoutMs,
    retries: config.bepaid.retries,
    breaker,
    limiter,
    onCall: (record) => {
      metrics.bepaidCall(record);
      upstreamFailures.record(record);
    },
    fetch: createPoolFetch({ connections: config.bepaid.maxConcurrent, maxResponseBytes: config.bepaid.maxResponseBytes }),
    maxListBytes: config.bepaid.maxListBytes,
    unchangedLists: createUnchangedLists(),
  });
  const shared = await createSharedState(config, { logger, metrics });
  const listCache =
    config.listCacheTtlMs > 0
      ? createListCache({ ttlMs: config.listCacheTtlMs, shared: shared.listStore, logger, onRead: metrics.listCacheRead })
      : undefined;
  const rateLimit = config.rateLimit === undefined ? undefined : createRateLimit({ limit: config.rateLimit, counter: shared.rateCounter, logger });
  const createContext = createContextFactory({
    authenticate: createCallerAuthenticator({ callers: config.callers, serverCredentials: config.bepaid.credentials, logger }),
    clients,
    idempotencyStore: idempotencyStore ?? shared.idempotencyStore,
    rateLimit,
    onLoaderBatch: metrics.loaderBatch,
    listCache,
    onListRead: metrics.customerListRead,
  });
  const apollo = await createApollo(config, { logger, reporting, rateLimit });
  await shared.tried;

  const handleGraphQL = createGraphQLHandler(apollo, {
    createContext,
    documents,
    documentsOnly: config.documents.only,
    landingPage: !config.production,
  });
  const inFlight = createInFlight();
  const shutdown = { draining: false };
  const routes = createRoutes(config, { logger, metrics, reporting, handleGraphQL, inFlight, shutdown });
  const httpServer = createNodeServer(config.http, routes.public);
  // Metrics on their own port never sit on the public listener (nor behind its CORS).
  const metricsServer = config.metricsPort === undefined ? undefined : createNodeServer(config.http, routes.metrics);
  let metricsUrl: string | undefined;

  return {
    async listen() {
      const url = await listenOn(httpServer, config.port, config.host);
      if (metricsServer) metricsUrl = await listenOn(metricsServer, config.metricsPort!, config.host);
      return `${url}/graphql`;
    },
    metricsUrl: () => (metricsUrl === undefined ? undefined : `${metricsUrl}/metrics`),
    close: async () => {
      // Readiness turns 503 and new operations are refused at once, while the listener stays
      // up so probes can see it; in-flight operations get the shutdown timeout to finish, and
      // requests whose body is still on its way are cut at once (it may never come).
      shutdown.draining = true;
      const left = await inFlight.drain(config.shutdownTimeoutMs);
      if (left > 0) logger.warn({ timeoutMs: config.shutdownTimeoutMs, inFlight: left }, "shutdown timed out; closing what is left");
      await Promise.all([httpServer, metricsServer].map((server) => server && closeServer(server)));
      await apollo.stop();
      await shared.close();
      upstreamFailures.close();
      // Last: the spans of every operation above have ended.
      await tracing?.shutdown();
    },
  };
}
